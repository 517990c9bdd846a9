"""Named mistakes of `adagrad` (see the contract's misconceptions)."""

import torch

from grader.judge.api import Mutant


@torch.no_grad()
def _not_in_place(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.addcmul_(grad, grad)                       # the state in place, but
    param = param - lr * grad / (state_sum.sqrt() + eps)  # param only rebound


@torch.no_grad()
def _eps_inside_sqrt_constant(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.addcmul_(grad, grad)
    param.sub_(lr * grad / torch.sqrt(state_sum + 1e-6))  # the course's literal eps


@torch.no_grad()
def _eps_constant(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.addcmul_(grad, grad)
    param.sub_(lr * grad / (state_sum.sqrt() + 1e-6))


@torch.no_grad()
def _eps_inside_sqrt_constant_1e8(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.addcmul_(grad, grad)
    param.sub_(lr * grad / torch.sqrt(state_sum + 1e-8))  # the usual eps of other optimizers


@torch.no_grad()
def _eps_constant_1e8(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.addcmul_(grad, grad)
    param.sub_(lr * grad / (state_sum.sqrt() + 1e-8))


@torch.no_grad()
def _eps_inside_sqrt(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.addcmul_(grad, grad)
    param.sub_(lr * grad / torch.sqrt(state_sum + eps))


@torch.no_grad()
def _no_sqrt(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.addcmul_(grad, grad)
    param.sub_(lr * grad / (state_sum + eps))


@torch.no_grad()
def _no_accumulation(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.copy_(grad * grad)
    param.sub_(lr * grad / (state_sum.sqrt() + eps))


@torch.no_grad()
def _state_not_in_place(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum = state_sum + grad * grad  # only rebound: the caller's sum stays zero
    param.sub_(lr * grad / (state_sum.sqrt() + eps))


EPS_INSIDE_SQRT = ("the rule divides by `sqrt(state_sum) + eps`; `sqrt(state_sum + eps)` "
                   "changes the step a lot when the sum is small (tiny gradients), since "
                   "sqrt(1e-10) = 1e-5 then dwarfs sqrt(state_sum).")
CONSTANT = ("Your eps is the constant {} whatever the `eps` argument says: use the "
            "argument, whose default is 1e-10.")

MUTANTS = [
    Mutant("adagrad.not_in_place", "the update is not in place",
           "`param = param - ...` makes a new tensor and leaves the caller's parameter "
           "unchanged (your state_sum does change: the caller sees a new sum but an old "
           "parameter); update the very tensor you were given: `param -= ...` or "
           "`param.sub_(...)`.",
           {"adagrad_step": _not_in_place}),
    Mutant("adagrad.not_in_place", "the update is not in place",
           "`state_sum = ...` makes a new tensor and leaves the caller's state_sum "
           "unchanged, so every call starts again from zeros: the sum of squared gradients "
           "never builds up. Update the very tensors you were given: "
           "`state_sum.mul_(...).add_(...)`, `state_sum.copy_(...)` or `state_sum[...] = "
           "...`.",
           {"adagrad_step": _state_not_in_place}),
    Mutant("adagrad.eps_inside_sqrt", "eps inside the square root", EPS_INSIDE_SQRT,
           {"adagrad_step": _eps_inside_sqrt}),
    Mutant("adagrad.eps_inside_sqrt", "eps inside the square root",
           f"{EPS_INSIDE_SQRT} {CONSTANT.format('1e-6')}",
           {"adagrad_step": _eps_inside_sqrt_constant}),
    Mutant("adagrad.eps_inside_sqrt", "eps inside the square root",
           f"{EPS_INSIDE_SQRT} {CONSTANT.format('1e-8')}",
           {"adagrad_step": _eps_inside_sqrt_constant_1e8}),
    Mutant("adagrad.eps_constant", "eps is a hard-coded constant",
           f"{CONSTANT.format('1e-6')} eps matters when the gradients are tiny: there it "
           f"sets the size of the step.", {"adagrad_step": _eps_constant}),
    Mutant("adagrad.eps_constant", "eps is a hard-coded constant",
           f"{CONSTANT.format('1e-8')} eps matters when the gradients are tiny: there it "
           f"sets the size of the step.", {"adagrad_step": _eps_constant_1e8}),
    Mutant("adagrad.no_sqrt", "square root forgotten",
           "divide by the root of the summed squares `sqrt(state_sum) + eps`, not by the "
           "sum itself: without the root the step scales like 1/grad, tiny for large "
           "gradients and huge for small ones.",
           {"adagrad_step": _no_sqrt}),
    Mutant("adagrad.no_accumulation", "the squared gradients are not accumulated",
           "`state_sum` is a running sum, `state_sum += grad**2` on every step; "
           "overwriting it with this step's grad**2 makes every step about lr in size "
           "instead of shrinking as the history grows, which is what Adagrad is for.",
           {"adagrad_step": _no_accumulation}),
]
