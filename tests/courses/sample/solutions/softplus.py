"""Reference solution of the sample course's `softplus` exercise.

    softplus(x) = (max(z, 0) + log1p(exp(-|z|))) / beta,   z = beta * x
"""

import torch


def softplus(x: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    """log(1 + exp(beta * x)) / beta, without overflow."""
    z = beta * x
    return (torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))) / beta
