"""`wrong_reference`: halve a tensor, keeping its dtype (the reference does not)."""

import torch


def halve(x: torch.Tensor) -> torch.Tensor:
    """x / 2, in the dtype of x."""
    return (x / 2).float()
