"""The sample course's own suite for the built-in `rmsprop` (reference and mutants
stay the built-in ones).

Two tests are enough to tell every built-in mutant apart: ten ordinary steps (param
and state compared: catches not-in-place, missing or swapped (1 - alpha), no sqrt) and
tiny gradients (where eps inside the root shows). Tolerances as in the built-in suite.
"""

import pytest
import torch


def _steps(seed: int, count: int, scale: float = 1.0, **hyper) -> dict:
    generator = torch.Generator().manual_seed(seed)
    param = torch.randn(5, generator=generator)
    grads = [scale * torch.randn(5, generator=generator) for _ in range(count)]
    return {"stem": "rmsprop", "param": param, "grads": grads, "hyper": hyper}


@pytest.mark.public
@pytest.mark.points(6)
def test_ten_steps(check):
    """Param and square_avg after 10 steps with lr=0.05, alpha=0.9."""
    check.same("optim.rule_steps", _steps(0, 10, lr=0.05, alpha=0.9), rtol=1e-5, atol=1e-7)


@pytest.mark.hidden
@pytest.mark.points(4)
def test_tiny_gradients(check):
    """Gradients of about 1e-6, where the place of eps matters."""
    check.same("optim.rule_steps", _steps(1, 20, scale=1e-6, lr=0.01), rtol=1e-4, atol=1e-9)
