"""Suite of `wrong_reference`."""

import pytest
import torch


@pytest.mark.public
@pytest.mark.points(10)
def test_keeps_float64(check):
    """halve of a float64 tensor stays float64."""
    x = torch.tensor([1.0, 3.0], dtype=torch.float64)
    student, _ = check.same("calls.call", {"name": "halve", "args": [x]}, rtol=1e-6,
                            atol=1e-7, outputs=("value",))
    assert student["value"].dtype == torch.float64, "keep the dtype of x (float64)"
