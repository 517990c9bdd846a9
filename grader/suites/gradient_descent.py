"""Graded suite for `gradient_descent`: hand-derived gradients, batch GD and SGD, no torch.

Every call runs with the `no_torch` tripwires (`torch.tensor`, `torch.as_tensor`,
`torch.from_numpy`, `backward`, `torch.autograd.grad`): using them fails the test with
the call's name. Answers must be numbers (Python or NumPy floats) and lists of them
(or 1-d NumPy arrays): a tensor answer fails with a message saying so.

Tolerances: rtol=1e-6, atol=1e-9. Everything is float64 Python arithmetic, where a
different order of operations (sum then divide, divide each term, `math.fsum`, numpy)
changes results by ~1e-15 relative, also after 100 epochs. The named mistakes change
results by factors of 2 or N, or shift whole cost curves by an epoch.
"""

import contextlib

import numpy
import pytest
import torch

from grader.judge.api import ForbiddenCall, Mismatch

RTOL, ATOL = 1e-6, 1e-9
CHECK_XS, CHECK_YS = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
FLOAT = "a Python float (this exercise works without torch: no tensors)"


def _data(seed: int, n: int, slope: float = 1.7) -> tuple[list[float], list[float]]:
    """`n` pairs with y = slope * x plus noise, x of order 1, as Python floats."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.rand(n, generator=generator, dtype=torch.float64) * 2 + 0.2
    y = slope * x + 0.3 * torch.randn(n, generator=generator, dtype=torch.float64)
    return [round(v, 6) for v in x.tolist()], [round(v, 6) for v in y.tolist()]


@contextlib.contextmanager
def _about(name: str):
    """Prefix a mismatch message with the function it is about; say why torch is out."""
    try:
        yield
    except Mismatch as mismatch:
        raise Mismatch(f"{name}: {mismatch}", mismatch.details) from None
    except ForbiddenCall as forbidden:
        said = str(forbidden).split(", which")[0]  # "your code calls torch.tensor"
        raise ForbiddenCall(f"{name}: {said}, which this exercise forbids: no torch here, "
                            f"derive the gradient by hand with plain Python floats and "
                            f"lists") from None


def _calls(check, name: str, cases: list[tuple], **kwargs) -> list:
    """Call `name` once per positional-argument tuple; the student's values."""
    inputs = {"name": name, "forbid": "no_torch",
              "cases": [{"args": list(args), "kwargs": kwargs} for args in cases]}
    with _about(name):
        student, _ = check.same("calls.calls", inputs, rtol=RTOL, atol=ATOL,
                                outputs=("values",))
    return student["values"]


def _is_float(value) -> bool:
    return isinstance(value, (float, int)) and not isinstance(value, bool)


def _describe(value) -> str:
    if isinstance(value, torch.Tensor):
        return "a tensor"
    return f"a {type(value).__name__}"


def _assert_floats(values: list, what: str) -> None:
    for value in values:
        if not _is_float(value):
            raise AssertionError(f"{what} should return {FLOAT}, got {_describe(value)}")


def _assert_trained(values: list, name: str, record: str) -> None:
    """Each value is `(w, records)`: w a float, records a list of floats."""
    for value in values:
        w, records = value
        if not _is_float(w):
            raise AssertionError(f"{name} should return w as {FLOAT}, got {_describe(w)}")
        if isinstance(records, numpy.ndarray) and records.ndim == 1:
            records = records.tolist()  # a NumPy array of floats is a fine list of floats
        if not isinstance(records, list):
            raise AssertionError(f"{name} should return the {record} as a list, got "
                                 f"{_describe(records)}")
        _assert_floats(records, f"each of {name}'s {record}")


@pytest.mark.public
@pytest.mark.points(2)
def test_cost_and_gradient_on_check_data(check):
    """`cost` and `gradient` on the exercise's check data at a few weights."""
    weights = [(CHECK_XS, CHECK_YS, w) for w in (0.0, 1.0, 2.0, 3.5)]
    _assert_floats(_calls(check, "cost", weights), "cost")
    _assert_floats(_calls(check, "gradient", weights), "gradient")


@pytest.mark.public
@pytest.mark.points(1)
def test_sample_gradient(check):
    """`sample_gradient` of single pairs."""
    cases = [(1.0, 2.0, 1.0), (3.0, 6.0, 2.5), (-2.0, 1.5, 0.25), (0.5, -1.0, -3.0)]
    _assert_floats(_calls(check, "sample_gradient", cases), "sample_gradient")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_cost_and_gradient_random_data(check):
    """`cost` and `gradient` on random data sets of 1, 5 and 17 pairs (the public test uses only the 3-pair check data): divide by len(xs), not by 3."""
    cases = []
    for seed, n in ((1, 1), (2, 5), (3, 17)):
        xs, ys = _data(seed, n)
        cases += [(xs, ys, w) for w in (-1.0, 0.5, 1.7, 3.0)]
    _assert_floats(_calls(check, "cost", cases), "cost")
    _assert_floats(_calls(check, "gradient", cases), "gradient")


@pytest.mark.hidden
@pytest.mark.points(2)
def test_train_gd(check):
    """`train_gd` on random data with other learning rates (lr=0.02), starting weights and epoch counts than the public tests: use the `lr`, `w` and `epochs` arguments, not literals."""
    cases = [(*_data(4, 6), 0.5), (*_data(5, 10, slope=-0.8), 2.0)]
    values = _calls(check, "train_gd", cases, lr=0.02, epochs=40)
    _assert_trained(values, "train_gd", "costs")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_train_gd_defaults(check):
    """`train_gd` with its defaults (w=1.0, lr=0.01, 100 epochs) on the check data; no public test calls train_gd: costs[i] is the cost before epoch i's update."""
    values = _calls(check, "train_gd", [(CHECK_XS, CHECK_YS)])
    _assert_trained(values, "train_gd", "costs")


@pytest.mark.hidden
@pytest.mark.points(2)
def test_train_sgd(check):
    """`train_sgd` on random data with other learning rates (lr=0.03), starting weights and epoch counts than the public tests: use the `lr`, `w` and `epochs` arguments, not literals; the loss is the last sample's, after its update."""
    cases = [(*_data(6, 5), 0.0), (*_data(7, 8, slope=2.5), -1.0)]
    values = _calls(check, "train_sgd", cases, lr=0.03, epochs=30)
    _assert_trained(values, "train_sgd", "losses")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_train_sgd_defaults(check):
    """`train_sgd` with its defaults (w=1.0, lr=0.01, 100 epochs) on the check data; no public test calls train_sgd: one update per sample, then the last sample's loss."""
    values = _calls(check, "train_sgd", [(CHECK_XS, CHECK_YS)])
    _assert_trained(values, "train_sgd", "losses")
