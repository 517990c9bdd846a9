"""Suite of `leaky`."""

import pytest
import torch


@pytest.mark.public
@pytest.mark.points(10)
def test_double(check):
    """double of three numbers."""
    check.same("calls.call", {"name": "double", "args": [torch.tensor([1.0, -2.0, 3.0])]},
               rtol=1e-6, atol=1e-7)
