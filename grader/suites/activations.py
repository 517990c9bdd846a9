"""Graded suite for `activations`: activations and their derivatives, checked against the reference.

Every call runs with the exercise's forbidden APIs watched (torch.sigmoid/tanh/relu/
softmax, torch.nn.functional, autograd): calling one fails the test naming the call.
Each result must also keep the input's shape and dtype.

Tolerances: rtol=1e-5, atol=1e-6 for every dtype. A correct float32 implementation
in another style (tanh as 2*sigmoid(2x) - 1, softmax via logsumexp, float32
intermediates for float64 inputs) stays within ~1e-7 absolute and a few ulps relative.
Softmax of logits near 1000 uses rtol=2e-4: `exp(x - logsumexp(x))` is correct but
rounds `x - logsumexp(x)` at the float32 spacing of 1000 (6e-5), a relative error of
up to ~6e-5 in the probabilities. The named mistakes are off by O(1), or NaN where the
answer is finite, and NaN is never within any tolerance of a number.
"""

import pytest
import torch

from grader.judge.api import Mismatch

RTOL, ATOL = 1e-5, 1e-6
LARGE_LOGITS_RTOL = 2e-4
ELEMENTWISE = ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
               "leaky_relu", "leaky_relu_grad")
LARGE = torch.tensor([-1000.0, -100.0, -20.0, 0.0, 20.0, 100.0, 1000.0])


def _randn(seed: int, shape: tuple, scale: float = 1.0, dtype=torch.float32):
    generator = torch.Generator().manual_seed(seed)
    return scale * torch.randn(shape, generator=generator, dtype=dtype)


def _same(check, name: str, x: torch.Tensor, label: str, rtol: float = RTOL,
          **kwargs) -> torch.Tensor:
    """Compare `name(x, **kwargs)` with the reference; the message names the call.

    Then require a tensor of the input's dtype. Returns the student's value.
    """
    inputs = {"name": name, "args": [x], "kwargs": kwargs, "forbid": "activations"}
    call = f"{name}({label}{''.join(f', {k}={v!r}' for k, v in kwargs.items())})"
    try:
        student, expected = check.same("calls.call", inputs, rtol=rtol, atol=ATOL,
                                       outputs=("value",), show={"call": call, "x": x})
    except Mismatch as mismatch:
        raise Mismatch(str(mismatch).replace("value", call, 1), mismatch.details) from None
    got, want = student["value"], expected["value"]
    assert isinstance(got, torch.Tensor), \
        f"{call} should return a torch tensor, got {type(got).__name__}"
    assert got.dtype == want.dtype, (
        f"{call} returned dtype {got.dtype} for a {x.dtype} input: activations keep "
        f"the input's dtype (a float tensor, not bool or another precision)")
    return got


def _same_form(check, name: str, x: torch.Tensor, label: str) -> None:
    """Require `name(x)` to be a tensor of the reference's shape and dtype; its values
    are the other tests' business."""
    inputs = {"name": name, "args": [x], "forbid": "activations"}
    call = f"{name}({label})"
    try:
        check.same("calls.call_form", inputs, rtol=0, atol=0,
                   outputs=("kind", "shape", "dtype"), show={"call": call, "x": x})
    except Mismatch as mismatch:
        raise Mismatch(f"{call}: {mismatch} (activations return a tensor of the input's "
                       f"shape and dtype)", mismatch.details) from None


@pytest.mark.public
@pytest.mark.points(1)
def test_sigmoid_and_tanh_on_a_small_vector(check):
    """sigmoid and tanh on nine evenly spaced float32 points in [-4, 4]."""
    x = torch.linspace(-4.0, 4.0, 9)
    for name in ("sigmoid", "tanh"):
        _same(check, name, x, "linspace(-4, 4, 9)")


@pytest.mark.public
@pytest.mark.points(1)
def test_softmax_of_each_row(check):
    """softmax of a (3, 4) tensor along its last dimension (the default dim)."""
    x = _randn(0, (3, 4), scale=2.0)
    _same(check, "softmax", x, "x of shape (3, 4)")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_forward_values_on_random_inputs(check):
    """sigmoid, tanh, relu and leaky_relu on 64 random float32 values in about [-10, 10]; the public tests check only sigmoid and tanh, on [-4, 4]."""
    x = _randn(1, (64,), scale=4.0)
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        _same(check, name, x, "random x of shape (64,)")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_derivatives_on_random_inputs(check):
    """The four derivatives (*_grad) on a random (5, 6) float32 tensor; no public test calls a derivative: s * (1 - s), 1 - tanh**2, 0/1, 1/slope."""
    x = _randn(2, (5, 6), scale=3.0)
    for name in ("sigmoid_grad", "tanh_grad", "relu_grad", "leaky_relu_grad"):
        _same(check, name, x, "random x of shape (5, 6)")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_relu_family_at_zero_and_negative_slope(check):
    """relu, leaky_relu and their derivatives at exactly 0 (0 and negative_slope, as torch) and with a negative_slope other than the default: the public tests have neither."""
    x = torch.tensor([-2.0, -0.5, 0.0, 0.0, 0.5, 3.0])
    for name in ("relu", "relu_grad", "leaky_relu", "leaky_relu_grad"):
        _same(check, name, x, "[-2, -0.5, 0, 0, 0.5, 3]")
    for name in ("leaky_relu", "leaky_relu_grad"):
        _same(check, name, x, "[-2, -0.5, 0, 0, 0.5, 3]", negative_slope=0.2)


@pytest.mark.hidden
@pytest.mark.points(2)
def test_stable_at_large_magnitudes(check):
    """sigmoid, tanh and their derivatives at +-20, +-100 and +-1000 (the public tests stop at +-4): exact limits, never NaN; take exp only of non-positive numbers."""
    for dtype in (torch.float32, torch.float64):
        x = LARGE.to(dtype)
        for name in ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad"):
            _same(check, name, x, f"[-1000, -100, -20, 0, 20, 100, 1000] ({dtype})")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_softmax_of_large_logits_is_finite(check):
    """softmax of logits around +-1000 (the public test's are small), where exp overflows unless the max is subtracted first."""
    _same(check, "softmax", torch.tensor([1000.0, 1001.0]), "[1000., 1001.]",
          rtol=LARGE_LOGITS_RTOL)
    x = torch.tensor([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -999.0]],
                     dtype=torch.float64)
    _same(check, "softmax", x, "[[1000, 1001, 999], [-1000, -1001, -999]] (float64)",
          rtol=LARGE_LOGITS_RTOL, dim=1)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_softmax_along_the_given_dim(check):
    """softmax of a (2, 3, 4) tensor along dim 0, 1, -1 and -2 (the public test uses only the default dim): use the `dim` argument for the max and the sum."""
    x = _randn(3, (2, 3, 4), scale=2.0)
    for dim in (1, 0, -1, -2):
        _same(check, "softmax", x, "x of shape (2, 3, 4)", dim=dim)
    x64 = _randn(4, (5, 2), dtype=torch.float64)
    _same(check, "softmax", x64, "x of shape (5, 2), float64", dim=0)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_shapes_and_dtypes_kept(check):
    """Every function on a 0-d tensor, a one-element tensor and a float64 (2, 3) tensor (the public tests use float32 vectors and matrices): same shape and dtype out."""
    cases = [(torch.tensor(0.7), "a 0-d tensor"),
             (torch.tensor([-1.5]), "a tensor of shape (1,)"),
             (_randn(5, (2, 3), dtype=torch.float64), "a float64 tensor of shape (2, 3)")]
    for x, label in cases:
        for name in ELEMENTWISE:
            _same_form(check, name, x, label)
    for x, label in cases[1:]:
        _same_form(check, "softmax", x, label)
