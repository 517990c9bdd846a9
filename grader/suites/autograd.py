"""Graded suite for `autograd`: per-sample SGD with `backward()`, a quadratic's gradient.

Answers must be Python floats (`.item()`), and the gradients must come from autograd
(`backward()` or `torch.autograd.grad`), which the last test checks while the call runs
(that test judges only where the gradients come from, never the numbers).

Tolerances: rtol=1e-4, atol=1e-5. The contract allows a float32 or a float64 weight:
a float32 run of 100 epochs differs from the float64 reference by up to ~7e-7 in
the losses and ~4e-7 in w (measured on the check data), far inside these. Gradients
that are never zeroed change w and the losses by 1e-1 to 10, far outside.
"""

import contextlib

import numpy
import pytest
import torch

from grader.judge.api import Mismatch

RTOL, ATOL = 1e-4, 1e-5
CHECK_XS, CHECK_YS = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
FLOAT = "a Python float (use .item())"


def _data(seed: int, n: int, slope: float) -> tuple[list[float], list[float]]:
    """`n` pairs with y = slope * x plus noise, x in [0.2, 2.2], as Python floats."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.rand(n, generator=generator, dtype=torch.float64) * 2 + 0.2
    y = slope * x + 0.3 * torch.randn(n, generator=generator, dtype=torch.float64)
    return [round(v, 6) for v in x.tolist()], [round(v, 6) for v in y.tolist()]


@contextlib.contextmanager
def _about(name: str):
    """Prefix a mismatch message with the function it is about."""
    try:
        yield
    except Mismatch as mismatch:
        raise Mismatch(f"{name}: {mismatch}", mismatch.details) from None


def _calls(check, name: str, cases: list[tuple], **kwargs) -> list:
    """Call `name` once per positional-argument tuple; the student's values."""
    inputs = {"name": name, "cases": [{"args": list(args), "kwargs": kwargs} for args in cases]}
    with _about(name):
        student, _ = check.same("calls.calls", inputs, rtol=RTOL, atol=ATOL)
    return student["values"]


def _describe(value) -> str:
    return "a tensor" if isinstance(value, torch.Tensor) else f"a {type(value).__name__}"


def _assert_float(value, what: str) -> None:
    if not isinstance(value, float):
        raise AssertionError(f"{what} should be {FLOAT}, got {_describe(value)}")


def _assert_grads(values: list) -> None:
    for grads in values:
        for name, grad in zip(("dw1", "dw2", "db"), grads):
            _assert_float(grad, f"quadratic_grads' {name}")


def _assert_trained(values: list) -> None:
    for w, losses in values:
        _assert_float(w, "the w that train_autograd returns")
        if isinstance(losses, numpy.ndarray) and losses.ndim == 1:
            losses = losses.tolist()  # a NumPy array of floats is a fine list of them
        if not isinstance(losses, list):
            raise AssertionError(f"train_autograd should return the losses as a list, got "
                                 f"{_describe(losses)}")
        for loss in losses:
            _assert_float(loss, "each loss of train_autograd")


@pytest.mark.public
@pytest.mark.points(2)
def test_quadratic_grads(check):
    """`quadratic_grads` at a few points, as three Python floats."""
    cases = [(2.0, 1.0, 1.0, 1.0, 1.0), (1.0, 2.0, 0.5, -1.0, 0.0), (-1.5, 0.0, 2.0, 0.5, -1.0)]
    _assert_grads(_calls(check, "quadratic_grads", cases))


@pytest.mark.public
@pytest.mark.points(2)
def test_train_autograd_check_data(check):
    """`train_autograd` on the check data for 10 epochs (default w and lr)."""
    _assert_trained(_calls(check, "train_autograd", [(CHECK_XS, CHECK_YS)], epochs=10))


@pytest.mark.hidden
@pytest.mark.points(2)
def test_train_autograd_random_data(check):
    """`train_autograd` on random data with other starting weights, lr=0.02 and 30 epochs (the public test uses the defaults w=1.0, lr=0.01): use the arguments, not literals."""
    cases = [(*_data(1, 6, 1.3), -0.5), (*_data(2, 9, -0.7), 2.0)]
    _assert_trained(_calls(check, "train_autograd", cases, lr=0.02, epochs=30))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_train_autograd_defaults(check):
    """`train_autograd` with its default w, lr and epochs (100; the public test runs 10) on the check data."""
    _assert_trained(_calls(check, "train_autograd", [(CHECK_XS, CHECK_YS)]))


@pytest.mark.hidden
@pytest.mark.points(2)
def test_quadratic_grads_edge_cases(check):
    """`quadratic_grads` at zeros, an exact fit (zero gradient), negatives and |x| = 10 (the public points are small and positive)."""
    cases = [(0.0, 0.0, 0.0, 0.0, 0.0), (0.0, 3.0, 1.0, 1.0, 1.0), (2.0, 7.0, 1.0, 1.0, 1.0),
             (10.0, -5.0, 0.3, -2.0, 4.0), (-10.0, 100.0, -0.5, 0.25, 10.0),
             (0.5, -0.25, -3.0, 2.0, -1.5)]
    _assert_grads(_calls(check, "quadratic_grads", cases))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_gradients_come_from_autograd(check):
    """Both functions get their gradients from `backward()` (or `torch.autograd.grad`); only that is checked here, not the numbers."""
    calls: tuple[tuple[str, list, dict], ...] = (
        ("quadratic_grads", [1.5, -2.0, 0.5, 1.0, -1.0], {}),
        ("train_autograd", [CHECK_XS, CHECK_YS], {"epochs": 2}))
    for name, args, kwargs in calls:
        try:
            check.same("modules.autograd_call", {"name": name, "args": args, "kwargs": kwargs},
                       rtol=0, atol=0, outputs=("autograd",))
        except Mismatch:
            raise AssertionError(
                f"{name} never calls backward(): this exercise is about autograd, so let "
                f"`loss.backward()` compute the gradient instead of a formula written by "
                f"hand") from None
