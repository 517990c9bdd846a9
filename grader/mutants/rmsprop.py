"""Named mistakes of `rmsprop` (see the contract's misconceptions)."""

import torch

from grader.diagnose import Mutant


def _not_in_place(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * grad * grad
    param = param - lr * grad / (square_avg.sqrt() + eps)


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


MUTANTS = [
    Mutant("rmsprop.not_in_place", "the update is not in place",
           "`param = param - ...` makes a new tensor and leaves the caller's parameter "
           "unchanged; update the very tensors you were given (`param.sub_(...)`, "
           "`square_avg.mul_(alpha).add_(...)`).",
           {"rmsprop_step": _not_in_place}),
    Mutant("rmsprop.eps_inside_sqrt", "eps inside the square root",
           "the rule divides by `sqrt(square_avg) + eps`; `sqrt(square_avg + eps)` "
           "changes the step a lot when the running average is small (tiny gradients), "
           "since sqrt(1e-8) = 1e-4 dominates.",
           {"rmsprop_step": _eps_inside_sqrt}),
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
