"""Exercise `softplus`: a numerically stable softplus.

The rule
--------
    softplus(x) = log(1 + exp(beta * x)) / beta

computed so that it never overflows: for a large `beta * x`, `exp` is inf in float32
(above about 88), yet softplus(x) is simply about x there. Use

    log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|))      with z = beta * x

`x` is a tensor of any shape; the result has its shape and dtype. Do not call
`torch.nn.functional.softplus` (the grader notices).

Mistakes the grader recognises
------------------------------
- the naive formula, which overflows to inf for large inputs;
- forgetting to divide by `beta`.
"""

import torch


def softplus(x: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    """log(1 + exp(beta * x)) / beta, without overflow."""
    raise NotImplementedError("softplus is not implemented yet")
