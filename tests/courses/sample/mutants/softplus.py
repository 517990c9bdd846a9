"""Named mistakes of the sample course's `softplus`."""

import torch

from grader.judge.api import Mutant


def _naive(x, beta=1.0):
    return torch.log(1 + torch.exp(beta * x)) / beta


def _beta_not_divided(x, beta=1.0):
    z = beta * x
    return torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))


MUTANTS = [
    Mutant("softplus.overflows", "the naive formula overflows",
           "`log(1 + exp(z))` is inf once exp(z) overflows (z > 88 in float32), although "
           "softplus(z) is just about z there; write it as max(z, 0) + log1p(exp(-|z|)), "
           "where exp only ever sees numbers <= 0.",
           {"softplus": _naive}),
    Mutant("softplus.beta_not_divided", "the result is not divided by beta",
           "softplus with a sharpness beta is log(1 + exp(beta * x)) / beta: without the "
           "division the result is beta times too large (it only looks right for beta = 1).",
           {"softplus": _beta_not_divided}),
]
