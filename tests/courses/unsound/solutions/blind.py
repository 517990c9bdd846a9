"""`blind`: the absolute value of a tensor."""

import torch


def magnitude(x: torch.Tensor) -> torch.Tensor:
    """|x|, element by element."""
    return x.abs()
