"""Suite of `pointless`: one test forgot its points, and the others add up to 8."""

import pytest
import torch

X = {"name": "negate", "args": [torch.tensor([1.0, -2.0])]}


@pytest.mark.public
@pytest.mark.points(8)
def test_negate(check):
    """negate of two numbers."""
    check.same("calls.call", X, rtol=1e-6, atol=1e-7)


@pytest.mark.hidden
def test_negate_again(check):
    """negate once more."""
    check.same("calls.call", X, rtol=1e-6, atol=1e-7)
