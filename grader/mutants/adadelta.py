"""Named mistakes of `adadelta` (see the contract's misconceptions)."""

import torch

from grader.judge.api import Mutant


@torch.no_grad()
def _not_in_place(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)  # the state in place, but
    delta = torch.sqrt(acc_delta + eps) / torch.sqrt(square_avg + eps) * grad
    acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
    param = param - lr * delta                                 # param only rebound


@torch.no_grad()
def _eps_constant(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
    delta = torch.sqrt(acc_delta + 1e-5) / torch.sqrt(square_avg + 1e-5) * grad  # the course's
    acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)                  # literal eps
    param.sub_(lr * delta)


@torch.no_grad()
def _no_sqrt(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
    delta = (acc_delta + eps) / (square_avg + eps) * grad
    acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
    param.sub_(lr * delta)


@torch.no_grad()
def _acc_delta_grad_squared(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
    delta = torch.sqrt(acc_delta + eps) / torch.sqrt(square_avg + eps) * grad
    acc_delta.mul_(rho).addcmul_(grad, grad, value=1 - rho)
    param.sub_(lr * delta)


@torch.no_grad()
def _state_not_in_place(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg = rho * square_avg + (1 - rho) * grad * grad  # only rebound: the
    delta = torch.sqrt(acc_delta + eps) / torch.sqrt(square_avg + eps) * grad
    acc_delta = rho * acc_delta + (1 - rho) * delta * delta  # caller's stay zero
    param.sub_(lr * delta)


MUTANTS = [
    Mutant("adadelta.not_in_place", "the update is not in place",
           "`param = param - ...` makes a new tensor and leaves the caller's parameter "
           "unchanged (your square_avg and acc_delta do change: the caller sees new "
           "averages but an old parameter); update the very tensor you were given: "
           "`param -= lr * delta` or `param.sub_(lr * delta)`.",
           {"adadelta_step": _not_in_place}),
    Mutant("adadelta.not_in_place", "the update is not in place",
           "`square_avg = ...` makes a new tensor and leaves the caller's square_avg and "
           "acc_delta unchanged, so every call starts again from zeros: the running averages"
           " never build up. Update the very tensors you were given: "
           "`square_avg.mul_(...).add_(...)`, `square_avg.copy_(...)` or `square_avg[...] = "
           "...`.",
           {"adadelta_step": _state_not_in_place}),
    Mutant("adadelta.eps_constant", "eps is a hard-coded constant",
           "your eps is the constant 1e-5 whatever the `eps` argument says: use the "
           "argument, whose default is 1e-6. Adadelta's first steps are about "
           "sqrt(eps) in size, so eps sets how fast it starts.",
           {"adadelta_step": _eps_constant}),
    Mutant("adadelta.no_sqrt", "square roots forgotten",
           "the step is `sqrt(acc_delta + eps) / sqrt(square_avg + eps) * grad`, a ratio of "
           "root mean squares (RMS of past updates over RMS of gradients); without the "
           "roots the ratio of mean squares has the wrong units and the steps come out "
           "orders of magnitude off.",
           {"adadelta_step": _no_sqrt}),
    Mutant("adadelta.acc_delta_grad_squared", "acc_delta accumulates grad**2",
           "`acc_delta` is the running average of the squared *updates* "
           "(`rho * acc_delta + (1 - rho) * delta**2`, with this step's delta), not of the "
           "squared gradients: that is what gives Adadelta steps in the units of the "
           "parameters; with grad**2 the steps blow up to the size of the gradients.",
           {"adadelta_step": _acc_delta_grad_squared}),
]
