"""Graded suite for `adam`: the Adam update rule, checked against the reference.

The reference agrees with torch.optim.Adam to the last bit; rule tests compare
`param`, `exp_avg` and `exp_avg_sq`. Bias correction matters most in the first steps
(at step 1 it turns m into exactly the gradient), so the public tests use 1 and 10
steps; eps inside the root shows only with tiny gradients (~1e-6).
Every test, training included (`optim.train_model`), fails with the call named
if the rule calls torch.optim.

Tolerances
- float32 rule steps: rtol=1e-5, atol=1e-6. A correct rule written in another order
  (m_hat and v_hat computed explicitly, `exp_avg.mul_(beta1).add_(...)` instead of
  lerp, float64 intermediates) differs by a few float32 roundings per step (~1e-7
  relative); each step moves param by ~lr, and the named mistakes change that by
  factors (the first step is 3.2 times Adam's without bias correction, 0.74 times
  with it off by one) or leave the tensors untouched.
- Large gradients (~1000) with the default beta2: rtol=1e-4, atol=1e-5. Here
  exp_avg_sq is ~1e3 and `1 - beta2` cancels: a rule that holds beta2 = 0.999 in a
  float32 tensor gets it 1.3e-5 off in relative terms, so rtol=1e-5 would fail it.
- Tiny gradients (~1e-6): rtol=1e-4, atol=1e-6. The state (~1e-7 and ~1e-13) is far
  under atol, so only `param` is really compared; eps inside the root
  (sqrt(1e-8) = 1e-4 against sqrt(v_hat) ~ 1e-6) makes the steps ~100 times smaller.
- The shapes test (a one-element tensor, a 0-d float64 one) judges no values:
  only that the rule runs, keeps shapes and dtypes and changes the tensors.
- Training a small MLP for 30 steps: rtol=1e-3, atol=1e-5 (float32 curves drift); a
  long run for diagnosis (two writings of one mistake may drift apart there).
"""

import functools

import pytest
import torch

from grader.judge.api import check_in_place, check_shapes, random_steps

STEM = "adam"
RTOL, ATOL = 1e-5, 1e-6


_steps = functools.partial(random_steps, "adam")  # (seed, shape, count, scale, dtype)


@pytest.mark.public
@pytest.mark.points(2)
def test_one_step_default_hyperparameters(check):
    """One step (step=1) from zero state with the default lr, betas and eps: param and state."""
    check.same("optim.rule_steps", _steps(0, (4,), 1), rtol=RTOL, atol=ATOL,
               outputs=("param", "state"))


@pytest.mark.public
@pytest.mark.points(2)
def test_several_steps_param_and_state(check):
    """Param, exp_avg and exp_avg_sq after 10 steps on a (3, 4) tensor, lr=0.01, betas 0.8/0.99."""
    inputs = {**_steps(1, (3, 4), 10), "hyper": {"lr": 0.01, "beta1": 0.8, "beta2": 0.99}}
    check.same("optim.rule_steps", inputs, rtol=RTOL, atol=ATOL, outputs=("param", "state"))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_in_place_and_returns_none(check):
    """Only whether the caller's param, exp_avg and exp_avg_sq change in place and None is returned (values are not checked here): `param = ...` inside the rule changes nothing for the caller."""
    check_in_place(check, STEM)


@pytest.mark.hidden
@pytest.mark.points(2)
def test_tiny_gradients_where_eps_matters(check):
    """Gradients of ~1e-6 over 20 steps (the public tests' are ~1), where the place and the value of eps show: `sqrt(v_hat) + eps`, with the `eps` argument."""
    inputs = {**_steps(3, (6,), 20, scale=1e-6), "hyper": {"lr": 0.01, "eps": 1e-8}}
    check.same("optim.rule_steps", inputs, rtol=1e-4, atol=1e-6, outputs=("param", "state"))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_zero_and_large_gradients(check):
    """A (2, 3, 4) tensor whose gradients are exactly 0 in some entries and ~1000 in others, lr=0.1 (the public tests have neither)."""
    generator = torch.Generator().manual_seed(4)
    param = torch.randn(2, 3, 4, generator=generator)
    keep = torch.rand(2, 3, 4, generator=generator) < 0.5   # entries that ever get a gradient
    grads = [1000 * torch.randn(2, 3, 4, generator=generator) * keep for _ in range(5)]
    inputs = {"stem": STEM, "param": param, "grads": grads, "hyper": {"lr": 0.1}}
    check.same("optim.rule_steps", inputs, rtol=1e-4, atol=1e-5, outputs=("param", "state"))


@pytest.mark.public
@pytest.mark.points(1)
def test_single_element_and_zero_dim(check):
    """A one-element float32 tensor and a 0-d float64 one (a single number), 3 steps each: the rule runs, keeps shapes and dtypes and changes the tensors (only that is checked here, not the values)."""
    hyper = {"lr": 0.05, "beta1": 0.5, "beta2": 0.9}
    check_shapes(check, STEM, [
        ("a float32 tensor of shape (1,)", {**_steps(5, (1,), 3), "hyper": hyper}),
        ("a 0-d float64 tensor", {**_steps(6, (), 3, dtype=torch.float64), "hyper": hyper})])


@pytest.mark.hidden
@pytest.mark.points(1)
def test_trains_a_real_model(check):
    """The grader's Adam optimizer, calling your rule, trains a small MLP for 30 steps; no public test trains, but a rule that passes them trains too."""
    inputs = {"stem": STEM, "seed": 9, "steps": 30, "hyper": {"lr": 0.01}}
    check.same("optim.train_model", inputs, rtol=1e-3, atol=1e-5, long_run=True)
