"""Graded suite for `adagrad`: the Adagrad update rule, checked against the reference.

The reference agrees with torch.optim.Adagrad to the last bit; rule tests compare
`param` and `state_sum`.
Every test, training included (`optim.train_model`), fails with the call named
if the rule calls torch.optim.

Tolerances
- float32 rule steps: rtol=1e-5, atol=1e-6. A correct rule written in another order
  (`state_sum += grad**2`, `param -= lr * grad / (state_sum.sqrt() + eps)`, float64
  intermediates) differs by a few float32 roundings per step (~1e-7 relative).
- Tiny gradients (~1e-6): rtol=1e-4, atol=1e-6. Here `state_sum` is ~1e-11, far under
  atol, so only `param` is really compared; eps inside the root (sqrt(1e-10) = 1e-5
  against sqrt(state_sum) ~ 1e-6 to 5e-6) makes the steps 2.5 to 10 times smaller.
- The shapes test (a one-element tensor, a 0-d float64 one) judges no values:
  only that the rule runs, keeps shapes and dtypes and changes the tensors.
- Training a small MLP for 30 steps: rtol=1e-3, atol=1e-5 (float32 curves drift); a
  long run for diagnosis (two writings of one mistake may drift apart there).
"""

import functools

import pytest
import torch

from grader.judge.api import check_in_place, check_shapes, random_steps

STEM = "adagrad"
RTOL, ATOL = 1e-5, 1e-6


_steps = functools.partial(random_steps, "adagrad")  # (seed, shape, count, scale, dtype)


@pytest.mark.public
@pytest.mark.points(2)
def test_one_step_default_hyperparameters(check):
    """One step from a zero state_sum with the default lr and eps: param and state_sum."""
    check.same("optim.rule_steps", _steps(0, (4,), 1), rtol=RTOL, atol=ATOL,
               outputs=("param", "state"))


@pytest.mark.public
@pytest.mark.points(2)
def test_several_steps_param_and_state(check):
    """Param and state_sum after 10 steps on a (3, 4) tensor, lr=0.1."""
    inputs = {**_steps(1, (3, 4), 10), "hyper": {"lr": 0.1}}
    check.same("optim.rule_steps", inputs, rtol=RTOL, atol=ATOL, outputs=("param", "state"))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_in_place_and_returns_none(check):
    """Only whether the caller's param and state_sum change in place and None is returned (values are not checked here): `param = ...` inside the rule changes nothing for the caller."""
    check_in_place(check, STEM)


@pytest.mark.hidden
@pytest.mark.points(2)
def test_tiny_gradients_where_eps_matters(check):
    """Gradients of ~1e-6 over 20 steps (the public tests' are ~1), where the place and the value of eps show: `sqrt(state_sum) + eps`, with the `eps` argument."""
    inputs = {**_steps(3, (6,), 20, scale=1e-6), "hyper": {"lr": 0.01, "eps": 1e-10}}
    check.same("optim.rule_steps", inputs, rtol=1e-4, atol=1e-6, outputs=("param", "state"))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_zero_and_large_gradients(check):
    """A (2, 3, 4) tensor whose gradients are exactly 0 in some entries and ~1000 in others (the public tests have neither)."""
    generator = torch.Generator().manual_seed(4)
    param = torch.randn(2, 3, 4, generator=generator)
    keep = torch.rand(2, 3, 4, generator=generator) < 0.5   # entries that ever get a gradient
    grads = [1000 * torch.randn(2, 3, 4, generator=generator) * keep for _ in range(5)]
    inputs = {"stem": STEM, "param": param, "grads": grads, "hyper": {"lr": 0.1}}
    check.same("optim.rule_steps", inputs, rtol=RTOL, atol=ATOL, outputs=("param", "state"))


@pytest.mark.public
@pytest.mark.points(1)
def test_single_element_and_zero_dim(check):
    """A one-element float32 tensor and a 0-d float64 one (a single number), 3 steps each: the rule runs, keeps shapes and dtypes and changes the tensors (only that is checked here, not the values)."""
    hyper = {"lr": 0.5}
    check_shapes(check, STEM, [
        ("a float32 tensor of shape (1,)", {**_steps(5, (1,), 3), "hyper": hyper}),
        ("a 0-d float64 tensor", {**_steps(6, (), 3, dtype=torch.float64), "hyper": hyper})])


@pytest.mark.hidden
@pytest.mark.points(1)
def test_trains_a_real_model(check):
    """The grader's Adagrad optimizer, calling your rule, trains a small MLP for 30 steps; no public test trains, but a rule that passes them trains too."""
    inputs = {"stem": STEM, "seed": 7, "steps": 30, "hyper": {"lr": 0.1}}
    check.same("optim.train_model", inputs, rtol=1e-3, atol=1e-5, long_run=True)
