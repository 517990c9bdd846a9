"""Graded suite for `momentum`: the SGD-with-momentum update rule, against the reference.

The reference agrees with torch.optim.SGD(momentum=...) to the last bit; every rule
test compares `param` *and* `buf` (lr folded into the buffer gives the right
parameters but a buffer lr times too small).
Every test, training included (`optim.train_model`), fails with the call named
if the rule calls torch.optim.

Tolerances
- float32 rule steps: rtol=1e-5, atol=1e-6. A correct rule written in another order
  (`buf.copy_(momentum * buf + grad)`, `param -= lr * buf`, float64 intermediates)
  differs by a few float32 roundings per step (~1e-7 relative); the named mistakes
  differ by factors (lr = 0.01 in the buffer) or leave the tensors untouched.
- The shapes test (a one-element tensor, a 0-d float64 one) judges no values:
  only that the rule runs, keeps shapes and dtypes and changes the tensors.
- Training a small MLP for 30 steps: rtol=1e-3, atol=1e-5 (float32 curves drift); a
  long run for diagnosis (two writings of one mistake may drift apart there).
"""

import functools

import pytest
import torch

from grader.judge.api import check_in_place, check_shapes, random_steps

STEM = "momentum"
RTOL, ATOL = 1e-5, 1e-6


_steps = functools.partial(random_steps, "momentum")  # (seed, shape, count, scale, dtype)


@pytest.mark.public
@pytest.mark.points(2)
def test_one_step_default_hyperparameters(check):
    """One step from a zero buffer with the default lr and momentum: param and buf."""
    check.same("optim.rule_steps", _steps(0, (4,), 1), rtol=RTOL, atol=ATOL,
               outputs=("param", "state"))


@pytest.mark.public
@pytest.mark.points(2)
def test_several_steps_param_and_buffer(check):
    """Param and buf after 10 steps on a (3, 4) tensor, lr=0.05, momentum=0.8."""
    inputs = {**_steps(1, (3, 4), 10), "hyper": {"lr": 0.05, "momentum": 0.8}}
    check.same("optim.rule_steps", inputs, rtol=RTOL, atol=ATOL, outputs=("param", "state"))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_in_place_and_returns_none(check):
    """Only whether the caller's param and buf change in place and None is returned (values are not checked here): `param = ...` inside the rule changes nothing for the caller."""
    check_in_place(check, STEM)


@pytest.mark.hidden
@pytest.mark.points(2)
def test_velocity_survives_zero_gradients(check):
    """Large (~1000) gradients, then zero gradients, lr=0.001 (the public tests' gradients are ~1): the buffer decays and keeps moving param."""
    generator = torch.Generator().manual_seed(3)
    param = torch.randn(2, 3, 4, generator=generator)
    grads = [1000 * torch.randn(2, 3, 4, generator=generator) for _ in range(3)]
    grads += [torch.zeros(2, 3, 4) for _ in range(4)]
    inputs = {"stem": STEM, "param": param, "grads": grads, "hyper": {"lr": 0.001}}
    check.same("optim.rule_steps", inputs, rtol=RTOL, atol=ATOL, outputs=("param", "state"))


@pytest.mark.public
@pytest.mark.points(1)
def test_single_element_and_zero_dim(check):
    """A one-element float32 tensor and a 0-d float64 one (a single number), 3 steps each: the rule runs, keeps shapes and dtypes and changes the tensors (only that is checked here, not the values)."""
    hyper = {"lr": 0.1, "momentum": 0.99}
    check_shapes(check, STEM, [
        ("a float32 tensor of shape (1,)", {**_steps(4, (1,), 3), "hyper": hyper}),
        ("a 0-d float64 tensor", {**_steps(5, (), 3, dtype=torch.float64), "hyper": hyper})])


@pytest.mark.hidden
@pytest.mark.points(2)
def test_trains_a_real_model(check):
    """The grader's SGDMomentum optimizer, calling your rule, trains a small MLP for 30 steps; no public test trains, but a rule that passes them trains too."""
    inputs = {"stem": STEM, "seed": 6, "steps": 30, "hyper": {"lr": 0.05, "momentum": 0.9}}
    check.same("optim.train_model", inputs, rtol=1e-3, atol=1e-5, long_run=True)
