"""Suite of `blind`: it only ever tries positive numbers (the defect)."""

import pytest
import torch


@pytest.mark.public
@pytest.mark.points(10)
def test_positive_numbers(check):
    """magnitude of four positive numbers."""
    x = torch.rand(4, generator=torch.Generator().manual_seed(0)) + 0.5
    check.same("calls.call", {"name": "magnitude", "args": [x]}, rtol=1e-6, atol=1e-7,
               outputs=("value",))
