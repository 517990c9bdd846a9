"""Named mistakes of `activations` (see the contract's misconceptions)."""

import torch

from grader.judge.api import Mutant


def _softmax_no_max(x, dim=-1):
    e = torch.exp(x)
    return e / e.sum(dim=dim, keepdim=True)


def _softmax_wrong_dim(x, dim=-1):
    e = torch.exp(x - x.amax(dim=0, keepdim=True))
    return e / e.sum(dim=0, keepdim=True)


def _sigmoid_grad_returns_s(x):
    z = torch.exp(-torch.abs(x))
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


MUTANTS = [
    Mutant("activations.softmax_no_max", "softmax without subtracting the maximum",
           "compute `exp(x - x.amax(dim, keepdim=True))` before normalising: softmax(x - c) "
           "equals softmax(x), but `exp(1000.)` is inf, so without the shift large logits "
           "give inf / inf = NaN instead of finite probabilities.",
           {"softmax": _softmax_no_max}),
    Mutant("activations.softmax_wrong_dim", "softmax normalised over dim 0 instead of `dim`",
           "take the max and the sum along the `dim` you were given "
           "(`keepdim=True` so they broadcast back), not along dim 0: for a batch of rows "
           "(dim=-1) each row must sum to 1, not each column.",
           {"softmax": _softmax_wrong_dim}),
    Mutant("activations.sigmoid_grad_returns_s", "sigmoid_grad returns sigmoid itself",
           "the derivative of the sigmoid is `s * (1 - s)` with `s = sigmoid(x)`, not `s`: "
           "it peaks at 0.25 at x = 0 and goes to 0 on both sides, while `s` goes to 1 for "
           "large x, so backpropagated gradients would be far too large.",
           {"sigmoid_grad": _sigmoid_grad_returns_s}),
]
