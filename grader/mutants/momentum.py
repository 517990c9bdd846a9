"""Named mistakes of `momentum` (see the contract's misconceptions)."""

import torch

from grader.judge.api import Mutant


@torch.no_grad()
def _not_in_place(param, grad, buf, lr=0.01, momentum=0.9):
    buf.mul_(momentum).add_(grad)  # the buffer in place, but
    param = param - lr * buf       # param only rebound


@torch.no_grad()
def _lr_in_buffer(param, grad, buf, lr=0.01, momentum=0.9):
    buf.mul_(momentum).add_(grad, alpha=lr)  # buf <- momentum * buf + lr * grad
    param.sub_(buf)                          # param <- param - buf


@torch.no_grad()
def _state_not_in_place(param, grad, buf, lr=0.01, momentum=0.9):
    buf = momentum * buf + grad  # only rebound: the caller's buf stays zero
    param.sub_(lr * buf)


MUTANTS = [
    Mutant("momentum.not_in_place", "the update is not in place",
           "`param = param - ...` makes a new tensor and leaves the caller's parameter "
           "unchanged (your buf does change: the caller sees a new velocity but an old "
           "parameter); update the very tensor you were given: `param -= lr * buf` or "
           "`param.sub_(lr * buf)`.",
           {"momentum_step": _not_in_place}),
    Mutant("momentum.not_in_place", "the update is not in place",
           "`buf = ...` makes a new tensor and leaves the caller's buf unchanged, so every "
           "call starts again from zeros: the velocity never builds up. Update the very "
           "tensors you were given: `buf.mul_(...).add_(...)`, `buf.copy_(...)` or `buf[...]"
           " = ...`.",
           {"momentum_step": _state_not_in_place}),
    Mutant("momentum.lr_in_buffer", "the learning rate is folded into the momentum buffer",
           "the rule keeps `buf = momentum * buf + grad` (the velocity, in units of the "
           "gradient) and steps `param -= lr * buf`; folding lr into the buffer gives the "
           "same parameters while lr is constant, but a buffer lr times too small, so it "
           "no longer matches torch.optim.SGD's `momentum_buffer`, and changing lr "
           "mid-training (a scheduler) then scales the old velocity wrongly.",
           {"momentum_step": _lr_in_buffer}),
]
