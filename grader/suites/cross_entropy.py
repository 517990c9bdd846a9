"""Graded suite for `cross_entropy`: log-softmax, NLL and cross-entropy, checked against the reference.

Every call runs with the exercise's forbidden APIs watched (torch.nn.functional,
nn.CrossEntropyLoss / nn.NLLLoss, torch.log_softmax, torch.softmax): calling one
fails the test naming the call. Results must keep the input's dtype; the losses are
0-d tensors that stay differentiable.

Tolerances: rtol=1e-5, atol=1e-5 (log-probabilities down to about -20, losses of a
few units, gradients of ~0.1: float32 rounding in any correct style, `s - log(sum(exp(s)))`,
`x - logsumexp(x)` or a gather, is ~1e-6). Logits near +-1000 use rtol=1e-4,
atol=2e-4: `x - logsumexp(x)` is correct but rounds at the float32 spacing of 1000
(6e-5). The named mistakes are NaN/inf there (overflow) or off by a factor N (sum).
"""

import pytest
import torch

from grader.judge.api import Mismatch

RTOL, ATOL = 1e-5, 1e-5
LARGE_RTOL, LARGE_ATOL = 1e-4, 2e-4
LARGE_LOGITS = torch.tensor([[1000.0, 1001.0, 999.0],
                             [-1000.0, 0.0, 1000.0],
                             [-1000.0, -1001.0, -999.0],
                             [3.0, 1.0, 0.2]])                     # (4, 3)
LARGE_TARGETS = torch.tensor([1, 0, 2, 0])


def _batch(seed: int, n: int, c: int, scale: float = 2.0, dtype=torch.float32):
    """Seeded logits (n, c) and int64 targets (n,)."""
    generator = torch.Generator().manual_seed(seed)
    logits = scale * torch.randn(n, c, generator=generator, dtype=dtype)
    targets = torch.randint(0, c, (n,), generator=generator)
    return logits, targets


def _same(check, name: str, args: list, label: str, rtol: float = RTOL,
          atol: float = ATOL) -> torch.Tensor:
    """Compare `name(*args)` with the reference; the message names the call.

    Then require a tensor of the expected dtype. Returns the student's value.
    """
    inputs = {"name": name, "args": args, "forbid": "cross_entropy"}
    call = f"{name}({label})"
    shown = {"call": call, **{f"arg{i}": arg for i, arg in enumerate(args)}}
    try:
        student, expected = check.same("calls.call", inputs, rtol=rtol, atol=atol,
                                       outputs=("value",), show=shown)
    except Mismatch as mismatch:
        raise Mismatch(str(mismatch).replace("value", call, 1), mismatch.details) from None
    got, want = student["value"], expected["value"]
    assert isinstance(got, torch.Tensor), (
        f"{call} should return a torch tensor, got {type(got).__name__} "
        f"(keep it a tensor: no .item(), no float())")
    assert got.dtype == want.dtype, \
        f"{call} returned dtype {got.dtype}; expected {want.dtype}, the dtype of its input"
    return got


def _same_form(check, name: str, args: list, label: str) -> None:
    """Require `name(*args)` to be a tensor of the reference's shape and dtype; its
    values are the other tests' business."""
    call = f"{name}({label})"
    try:
        check.same("calls.call_form", {"name": name, "args": args, "forbid": "cross_entropy"},
                   rtol=0, atol=0, outputs=("kind", "shape", "dtype"), show={"call": call})
    except Mismatch as mismatch:
        raise Mismatch(f"{call}: {mismatch} (results keep the input's dtype; the losses "
                       f"are 0-d tensors)", mismatch.details) from None


@pytest.mark.public
@pytest.mark.points(2)
def test_log_softmax_of_a_small_batch(check):
    """log_softmax of (3, 4) float32 logits, over the classes (dim 1)."""
    logits, _ = _batch(0, 3, 4)
    _same(check, "log_softmax", [logits], "logits of shape (3, 4)")


@pytest.mark.public
@pytest.mark.points(1)
def test_nll_loss_of_a_small_batch(check):
    """nll_loss of (4, 3) float32 log-probabilities with int64 targets: the mean over the batch."""
    logits, _ = _batch(1, 4, 3)
    log_probs = torch.log_softmax(logits, dim=1)
    targets = torch.tensor([0, 2, 1, 2])
    _same(check, "nll_loss", [log_probs, targets], "log_probs of shape (4, 3), targets")


@pytest.mark.hidden
@pytest.mark.points(2)
def test_cross_entropy_of_random_batches(check):
    """cross_entropy on random batches (8, 5) and (1, 3) float32 and (32, 10) float64; no public test calls cross_entropy itself."""
    for seed, n, c, dtype in ((2, 8, 5, torch.float32), (3, 1, 3, torch.float32),
                              (4, 32, 10, torch.float64)):
        logits, targets = _batch(seed, n, c, scale=3.0, dtype=dtype)
        _same(check, "cross_entropy", [logits, targets],
              f"logits of shape ({n}, {c}) {dtype}, targets")


@pytest.mark.hidden
@pytest.mark.points(2)
def test_large_logits_stay_finite(check):
    """log_softmax and cross_entropy of logits around +-1000 (the public test's are small): subtract the row max before exp."""
    label = "logits with entries of +-1000"
    _same(check, "log_softmax", [LARGE_LOGITS], label, rtol=LARGE_RTOL, atol=LARGE_ATOL)
    _same(check, "cross_entropy", [LARGE_LOGITS, LARGE_TARGETS], label + ", targets",
          rtol=LARGE_RTOL, atol=LARGE_ATOL)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_nll_loss_on_a_larger_float64_batch(check):
    """nll_loss of (16, 7) float64 log-probabilities (the public test: a float32 (4, 3)): a mean, not a sum."""
    logits, targets = _batch(5, 16, 7, dtype=torch.float64)
    log_probs = torch.log_softmax(logits, dim=1)
    _same(check, "nll_loss", [log_probs, targets], "log_probs of shape (16, 7) float64, targets")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_cross_entropy_is_differentiable(check):
    """cross_entropy(logits, targets).backward() gives the logits a gradient (no public test backpropagates; only differentiability is checked here): keep it a tensor."""
    logits, targets = _batch(6, 6, 4)
    inputs = {"name": "cross_entropy", "args": [logits, targets], "forbid": "cross_entropy"}
    try:  # only differentiability: the values are the other tests' business
        student, _ = check.same("scratch.gradient", inputs, rtol=RTOL, atol=ATOL,
                                outputs=("differentiable",))
    except Mismatch as mismatch:
        raise Mismatch(f"cross_entropy(logits, targets).backward(): {mismatch} (the loss "
                       f"must stay a tensor computed from the logits: no .item(), no "
                       f"torch.tensor(...) rebuilt from numbers)", mismatch.details) from None
    grad = student.get("grad")
    assert isinstance(grad, torch.Tensor) and tuple(grad.shape) == tuple(logits.shape), (
        "cross_entropy(logits, targets) should be a single number (a 0-d tensor) whose "
        "backward() gives the logits a gradient of their shape")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_shapes_and_dtypes(check):
    """float64 inputs keep their dtype, the losses are 0-d tensors, and a single class gives log-probability 0 (the public tests use float32 and several classes)."""
    logits, targets = _batch(7, 5, 3, dtype=torch.float64)
    _same_form(check, "log_softmax", [logits], "logits of shape (5, 3) float64")
    _same_form(check, "nll_loss", [torch.log_softmax(logits, dim=1), targets],
               "log_probs of shape (5, 3) float64, targets")
    _same_form(check, "cross_entropy", [logits, targets],
               "logits of shape (5, 3) float64, targets")
    one_class = torch.tensor([[0.5], [-2.0], [7.0]])
    _same(check, "log_softmax", [one_class], "logits of shape (3, 1)")
    _same(check, "cross_entropy", [one_class, torch.zeros(3, dtype=torch.int64)],
          "logits of shape (3, 1), targets")
