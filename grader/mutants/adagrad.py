"""Named mistakes of `adagrad` (see the contract's misconceptions)."""

import torch

from grader.diagnose import Mutant


def _not_in_place(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum = state_sum + grad * grad
    param = param - lr * grad / (state_sum.sqrt() + eps)


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


MUTANTS = [
    Mutant("adagrad.not_in_place", "the update is not in place",
           "`param = param - ...` makes a new tensor and leaves the caller's parameter "
           "unchanged; update the very tensors you were given (`param.sub_(...)`, "
           "`state_sum.add_(grad * grad)`).",
           {"adagrad_step": _not_in_place}),
    Mutant("adagrad.eps_inside_sqrt", "eps inside the square root",
           "the rule divides by `sqrt(state_sum) + eps`; `sqrt(state_sum + eps)` changes "
           "the step a lot when the sum is small (tiny gradients), since "
           "sqrt(1e-10) = 1e-5 then dwarfs sqrt(state_sum).",
           {"adagrad_step": _eps_inside_sqrt}),
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
