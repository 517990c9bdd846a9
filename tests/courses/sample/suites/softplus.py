"""Graded suite for the sample course's `softplus`.

Tolerances: float32, rtol=1e-5, atol=1e-6: every stable formulation agrees to float32
rounding (log1p(exp(-|z|)) is at most log 2, so absolute errors stay near 1e-7).

Separating inputs: beta = 2 tells `beta_not_divided` from the reference (with beta = 1
the two agree); |x| = 100 tells `overflows` (exp(100) is inf in float32), and also the
two mutants from each other.
"""

import pytest
import torch

RTOL, ATOL = 1e-5, 1e-6


def _inputs(x: torch.Tensor, **kwargs) -> dict:
    return {"name": "softplus", "args": [x], "kwargs": kwargs, "forbid": "activations"}


def _randn(seed: int, shape: tuple) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


@pytest.mark.public
@pytest.mark.points(3)
def test_small_inputs(check):
    """softplus of five standard-normal numbers, beta = 1."""
    check.same("calls.call", _inputs(_randn(0, (5,))), rtol=RTOL, atol=ATOL,
               outputs=("value",))


@pytest.mark.hidden
@pytest.mark.points(3)
def test_beta_two(check):
    """A (3, 4) tensor with beta = 2: the result is divided by beta."""
    check.same("calls.call", _inputs(_randn(1, (3, 4)), beta=2.0), rtol=RTOL, atol=ATOL,
               outputs=("value",))


@pytest.mark.hidden
@pytest.mark.points(4)
def test_large_inputs_do_not_overflow(check):
    """Inputs as large as +-100, where exp overflows in float32."""
    x = torch.tensor([-100.0, -30.0, -1.0, 0.0, 1.0, 30.0, 100.0])
    check.same("calls.call", _inputs(x), rtol=RTOL, atol=ATOL, outputs=("value",))
