"""Named mistakes of `rmsprop` (see the contract's misconceptions)."""

import torch

from grader.judge.api import Mutant


@torch.no_grad()
def _not_in_place(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)  # the state in place, but
    param = param - lr * grad / (square_avg.sqrt() + eps)         # param only rebound


@torch.no_grad()
def _eps_inside_sqrt_constant(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    param.sub_(lr * grad / torch.sqrt(square_avg + 1e-6))  # the course's literal eps


@torch.no_grad()
def _eps_constant(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    param.sub_(lr * grad / (square_avg.sqrt() + 1e-6))


@torch.no_grad()
def _eps_inside_sqrt(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    param.sub_(lr * grad / torch.sqrt(square_avg + eps))


@torch.no_grad()
def _missing_one_minus_alpha(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).add_(grad * grad)
    param.sub_(lr * grad / (square_avg.sqrt() + eps))


@torch.no_grad()
def _alpha_swapped(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(1 - alpha).addcmul_(grad, grad, value=alpha)
    param.sub_(lr * grad / (square_avg.sqrt() + eps))


@torch.no_grad()
def _no_sqrt(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    param.sub_(lr * grad / (square_avg + eps))


@torch.no_grad()
def _state_not_in_place(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * grad * grad  # only rebound
    param.sub_(lr * grad / (square_avg.sqrt() + eps))


EPS_INSIDE_SQRT = ("the rule divides by `sqrt(square_avg) + eps`; `sqrt(square_avg + eps)` "
                   "changes the step a lot when the running average is small (tiny "
                   "gradients), since sqrt(1e-8) = 1e-4 dominates.")
CONSTANT = ("Your eps is the constant 1e-6 whatever the `eps` argument says: use the "
            "argument, whose default is 1e-8.")

MUTANTS = [
    Mutant("rmsprop.not_in_place", "the update is not in place",
           "`param = param - ...` makes a new tensor and leaves the caller's parameter "
           "unchanged (your square_avg does change: the caller sees a new average but an "
           "old parameter); update the very tensor you were given: `param -= ...` or "
           "`param.sub_(...)`.",
           {"rmsprop_step": _not_in_place}),
    Mutant("rmsprop.not_in_place", "the update is not in place",
           "`square_avg = ...` makes a new tensor and leaves the caller's square_avg "
           "unchanged, so every call starts again from zeros: the running average never "
           "builds up. Update the very tensors you were given: "
           "`square_avg.mul_(...).add_(...)`, `square_avg.copy_(...)` or `square_avg[...] = "
           "...`.",
           {"rmsprop_step": _state_not_in_place}),
    Mutant("rmsprop.eps_inside_sqrt", "eps inside the square root", EPS_INSIDE_SQRT,
           {"rmsprop_step": _eps_inside_sqrt}),
    Mutant("rmsprop.eps_inside_sqrt", "eps inside the square root",
           f"{EPS_INSIDE_SQRT} {CONSTANT}", {"rmsprop_step": _eps_inside_sqrt_constant}),
    Mutant("rmsprop.eps_constant", "eps is a hard-coded constant",
           f"{CONSTANT} eps matters when the gradients are tiny: there it sets the size "
           f"of the step.", {"rmsprop_step": _eps_constant}),
    Mutant("rmsprop.missing_one_minus_alpha", "(1 - alpha) missing from the running average",
           "`square_avg = alpha * square_avg + (1 - alpha) * grad**2`; without (1 - alpha) the "
           "average grows like a sum and the steps shrink far too fast.",
           {"rmsprop_step": _missing_one_minus_alpha}),
    Mutant("rmsprop.alpha_swapped", "alpha and (1 - alpha) swapped",
           "alpha (0.99) weighs the old average and (1 - alpha) the new grad**2; swapped, "
           "the average forgets its past after one step.",
           {"rmsprop_step": _alpha_swapped}),
    Mutant("rmsprop.no_sqrt", "square root forgotten",
           "divide by the root mean square `sqrt(square_avg) + eps`, not by the mean "
           "square itself: without the root the step scales like 1/grad.",
           {"rmsprop_step": _no_sqrt}),
]
