"""Graded suite for `adadelta`: the Adadelta update rule, checked against the reference.

The reference agrees with torch.optim.Adadelta to the last bit; rule tests compare
`param`, `square_avg` and `acc_delta` (accumulating grad**2 into acc_delta shows in
acc_delta after the first step, and in param from the second).
Every test, training included (`optim.train_model`), fails with the call named
if the rule calls torch.optim.

Tolerances
- float32 rule steps: rtol=1e-5, atol=1e-7. Adadelta's steps start near
  sqrt(eps) = 1e-3 whatever the gradients, and acc_delta is ~1e-7, so atol sits under
  both; a correct rule written in another order (roots taken separately or as one
  `sqrt(ratio)`, float64 intermediates) differs by a few float32 roundings per step
  (~1e-7 relative). The named mistakes change the steps by factors.
- The shapes test (a one-element tensor, a 0-d float64 one) judges no values:
  only that the rule runs, keeps shapes and dtypes and changes the tensors.
- Training a small MLP for 30 steps: rtol=1e-3, atol=1e-6 (float32 curves drift; the
  parameters move by ~1e-3 per step, so atol stays under that). lr=0.5 rather than the
  default 1.0: with lr=1.0 the acc_delta-accumulates-grad**2 mistake diverges (losses
  ~1e20), where float32 rounding alone makes two writings of that mistake disagree, so
  the mistake could not be named; at lr=0.5 every named mistake trains stably.
"""

import functools

import pytest
import torch

from grader.judge.api import check_in_place, check_shapes, random_steps

STEM = "adadelta"
RTOL, ATOL = 1e-5, 1e-7


_steps = functools.partial(random_steps, "adadelta")  # (seed, shape, count, scale, dtype)


@pytest.mark.public
@pytest.mark.points(2)
def test_one_step_default_hyperparameters(check):
    """One step from zero state with the default lr, rho and eps: param, square_avg, acc_delta."""
    check.same("optim.rule_steps", _steps(0, (4,), 1), rtol=RTOL, atol=ATOL,
               outputs=("param", "state"))


@pytest.mark.public
@pytest.mark.points(2)
def test_several_steps_param_and_state(check):
    """Param, square_avg and acc_delta after 10 steps on a (3, 4) tensor, lr=0.5, rho=0.95."""
    inputs = {**_steps(1, (3, 4), 10), "hyper": {"lr": 0.5, "rho": 0.95}}
    check.same("optim.rule_steps", inputs, rtol=RTOL, atol=ATOL, outputs=("param", "state"))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_in_place_and_returns_none(check):
    """Only whether the caller's param, square_avg and acc_delta change in place and None is returned (values are not checked here): `param = ...` inside the rule changes nothing for the caller."""
    check_in_place(check, STEM)


@pytest.mark.hidden
@pytest.mark.points(2)
def test_steps_follow_past_updates(check):
    """30 steps (the public tests take 1 and 10) with gradients from 1e-3 to 1e3 across entries: acc_delta must average this step's delta**2."""
    generator = torch.Generator().manual_seed(3)
    scale = 10.0 ** torch.linspace(-3, 3, 8)                # one gradient scale per entry
    param = torch.randn(8, generator=generator)
    grads = [scale * torch.randn(8, generator=generator) for _ in range(30)]
    inputs = {"stem": STEM, "param": param, "grads": grads}
    check.same("optim.rule_steps", inputs, rtol=RTOL, atol=ATOL, outputs=("param", "state"))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_zero_and_large_gradients(check):
    """A (2, 3, 4) tensor whose gradients are exactly 0 in some entries and ~1000 in others, rho=0.5 (the public tests have neither)."""
    generator = torch.Generator().manual_seed(4)
    param = torch.randn(2, 3, 4, generator=generator)
    keep = torch.rand(2, 3, 4, generator=generator) < 0.5   # entries that ever get a gradient
    grads = [1000 * torch.randn(2, 3, 4, generator=generator) * keep for _ in range(5)]
    inputs = {"stem": STEM, "param": param, "grads": grads, "hyper": {"rho": 0.5}}
    check.same("optim.rule_steps", inputs, rtol=RTOL, atol=ATOL, outputs=("param", "state"))


@pytest.mark.public
@pytest.mark.points(1)
def test_single_element_and_zero_dim(check):
    """A one-element float32 tensor and a 0-d float64 one (a single number), 3 steps each: the rule runs, keeps shapes and dtypes and changes the tensors (only that is checked here, not the values)."""
    hyper: dict[str, float] = {}
    check_shapes(check, STEM, [
        ("a float32 tensor of shape (1,)", {**_steps(5, (1,), 3), "hyper": hyper}),
        ("a 0-d float64 tensor", {**_steps(6, (), 3, dtype=torch.float64), "hyper": hyper})])


@pytest.mark.hidden
@pytest.mark.points(1)
def test_trains_a_real_model(check):
    """The grader's Adadelta optimizer, calling your rule, trains a small MLP: 30 steps, lr=0.5; no public test trains, but a rule that passes them trains too."""
    inputs = {"stem": STEM, "seed": 8, "steps": 30, "hyper": {"lr": 0.5}}
    check.same("optim.train_model", inputs, rtol=1e-3, atol=1e-6, long_run=True)
