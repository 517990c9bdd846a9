"""Graded suite for `linear_model`: forward pass, squared error, MSE and the weight scan.

`forward` and `loss` must work elementwise on floats, numpy arrays and tensors (and
give back the same kind); `mse` is a Python float (a NumPy float is one); `scan` a list
(or a 1-d NumPy array) of them; `best_weight` keeps the first candidate on ties.

Tolerances: rtol=1e-5, atol=1e-6 everywhere. The reference computes in float64 (or in
the input tensor's float32), but a correct student may convert lists to float32
tensors inside `mse`: float32 rounding over <= 20 terms stays well below 1e-5
relative. The named mistakes are off by a factor N (sum) or by far more than that
(absolute error), so these tolerances still catch them by a wide margin.
"""

import contextlib

import numpy as np
import pytest
import torch

from grader.judge.api import Mismatch, to_plain

RTOL, ATOL = 1e-5, 1e-6
CHECK_XS, CHECK_YS = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
CHECK_WS = [i * 0.1 for i in range(41)]  # 0.0, 0.1, ..., 4.0


def _data(seed: int, n: int) -> tuple[list[float], list[float]]:
    """`n` pairs with y roughly 1.5 x plus noise, as Python floats."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, generator=generator, dtype=torch.float64) * 2
    y = 1.5 * x + 0.5 * torch.randn(n, generator=generator, dtype=torch.float64)
    return x.tolist(), y.tolist()


@contextlib.contextmanager
def _about(name: str):
    """Prefix a mismatch message with the function it is about."""
    try:
        yield
    except Mismatch as mismatch:
        raise Mismatch(f"{name}: {mismatch}", mismatch.details) from None


def _same(check, harness: str, inputs: dict, outputs=None) -> dict:
    """`check.same` with this suite's tolerances; returns the student's answers."""
    with _about(inputs["name"]):
        student, _ = check.same(harness, inputs, rtol=RTOL, atol=ATOL, outputs=outputs)
    return student


def _case(*args) -> dict:
    return {"args": list(args)}


def _kind(value) -> str:
    return type(value).__name__ if not isinstance(value, torch.Tensor) else "tensor"


KINDS = {float: "Python float (use float(...) or .item())", np.ndarray: "numpy array",
         torch.Tensor: "tensor"}


def _assert_kind(values, wanted: type, what: str) -> None:
    for value in values:
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise AssertionError(f"{what} should return a {KINDS[wanted]}, got a {_kind(value)}")


@pytest.mark.public
@pytest.mark.points(2)
def test_forward_and_loss_on_floats(check):
    """`forward` and `loss` on plain Python floats."""
    cases = [_case(2.0, 3.0), _case(-1.5, 0.5), _case(0.0, 7.0), _case(4.0, -2.5)]
    student = _same(check, "calls.calls", {"name": "forward", "cases": cases})
    _assert_kind(student["values"], float, "forward(x, w) with a float x")
    cases = [_case(2.0, 5.0, 3.0), _case(-1.5, 1.0, 0.5), _case(3.0, 6.0, 2.0),
             _case(1.0, 0.0, -2.5)]
    student = _same(check, "calls.calls", {"name": "loss", "cases": cases})
    _assert_kind(student["values"], float, "loss(x, y, w) with floats")


@pytest.mark.public
@pytest.mark.points(2)
def test_check_data_mse_and_best_weight(check):
    """The exercise's check data: MSE at a few weights, and the best weight of the scan."""
    cases = [_case(CHECK_XS, CHECK_YS, w) for w in (0.0, 1.0, 2.0, 3.5)]
    student = _same(check, "calls.calls", {"name": "mse", "cases": cases})
    _assert_kind(student["values"], float, "mse")
    _same(check, "calls.call", {"name": "best_weight", "args": [CHECK_XS, CHECK_YS, CHECK_WS]},
          outputs=("value",))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_numpy_arrays(check):
    """`forward` and `loss` on numpy arrays (1-d and 2-d; the public tests use floats) give numpy arrays back."""
    generator = np.random.default_rng(3)
    for shape in ((5,), (2, 3)):
        x, y = generator.normal(size=shape), generator.normal(size=shape)
        for name, args in (("forward", [x, -1.25]), ("loss", [x, y, 0.75])):
            inputs = {"name": name, "args": [to_plain(arg) for arg in args]}
            student = _same(check, "modules.call_arrays", inputs, outputs=("value",))
            _assert_kind([student["value"]], np.ndarray, f"{name} on a numpy array")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_tensors(check):
    """`forward` and `loss` on float32 tensors (0-d, 1-d, 2-d; the public tests use floats) give tensors back."""
    generator = torch.Generator().manual_seed(4)
    for shape in ((), (6,), (3, 2)):
        x, y = torch.randn(shape, generator=generator), torch.randn(shape, generator=generator)
        for name, args in (("forward", [x, 2.5]), ("loss", [x, y, -0.5])):
            student = _same(check, "calls.call", {"name": name, "args": args},
                            outputs=("value",))
            _assert_kind([student["value"]], torch.Tensor, f"{name} on a tensor")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_mse_random_data(check):
    """`mse` on random data sets of 1, 7 and 20 pairs (the public test has 3): divide by len(xs), and return a float."""
    cases = []
    for seed, n in ((5, 1), (6, 7), (7, 20)):
        xs, ys = _data(seed, n)
        cases += [_case(xs, ys, w) for w in (-1.0, 0.3, 1.5, 4.0)]
    student = _same(check, "calls.calls", {"name": "mse", "cases": cases})
    _assert_kind(student["values"], float, "mse")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_mse_of_arrays_and_tensors(check):
    """`mse` when xs and ys are numpy arrays or 1-d tensors (the public test passes lists)."""
    xs, ys = _data(8, 9)
    as_arrays = [to_plain(np.array(xs)), to_plain(np.array(ys)), 0.8]
    _same(check, "modules.call_arrays", {"name": "mse", "args": as_arrays}, outputs=("value",))
    as_tensors = [torch.tensor(xs, dtype=torch.float32), torch.tensor(ys, dtype=torch.float32), 2.2]
    _same(check, "calls.call", {"name": "mse", "args": as_tensors}, outputs=("value",))


@pytest.mark.hidden
@pytest.mark.points(1)
def test_scan(check):
    """`scan` (no public test calls it) returns one MSE per candidate weight, in order, as a list."""
    xs, ys = _data(9, 12)
    ws = [-2.0, -0.5, 0.0, 0.25, 1.0, 1.5, 2.0, 3.0]
    student = _same(check, "calls.call", {"name": "scan", "args": [xs, ys, ws]},
                    outputs=("value",))
    values = student["value"]
    if isinstance(values, np.ndarray) and values.ndim == 1:
        values = values.tolist()  # a NumPy array of MSEs is a fine list of them
    if not isinstance(values, list):
        raise AssertionError(f"scan should return a list, got a {_kind(values)}")
    _assert_kind(values, float, "each entry of scan")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_best_weight_ties_and_order(check):
    """`best_weight` on unsorted candidates with exact ties (the public test's are sorted, with no tie): the first one wins."""
    cases = [
        _case([1.0, 2.0], [0.0, 0.0], [3.0, -1.0, 1.0, -3.0]),   # -1 and 1 tie
        _case([1.0], [2.0], [0.0, 4.0, 2.5, 1.5]),                # 2.5 and 1.5 tie
        _case(CHECK_XS, CHECK_YS, [4.0, 0.0, 2.0, 1.0, 3.0]),
        _case(*_data(10, 15), [0.5 * k for k in range(-4, 9)]),
    ]
    _same(check, "calls.calls", {"name": "best_weight", "cases": cases})
