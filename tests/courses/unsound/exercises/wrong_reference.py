"""`wrong_reference`: halve a tensor, keeping its dtype."""

import torch


def halve(x: torch.Tensor) -> torch.Tensor:
    """x / 2, in the dtype of x."""
    raise NotImplementedError("halve is not implemented yet")
