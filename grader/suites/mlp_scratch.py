"""Graded suite for `mlp_scratch`: parameters, relu and the forward pass of a raw-tensor MLP.

`init_params` is checked on what it builds (count, shapes, float32, requires_grad and
leaf flags, reported as booleans since answers cross the boundary detached) and on the
properties the contract gives its values, never the values themselves: the scale and
the distribution are the student's choice (`randn * 0.01`, `* 0.1`, Xavier/Glorot,
Kaiming), so the weights must be finite, not all equal, of a sane scale (standard
deviation between 5e-4 and 3), drawn from `generator` (the same seed gives the same
parameters, another seed other weights; without a generator, the same holds for
torch's global seed), and the biases zero. `net` is run on parameters the grader builds from its own tensors
(non-zero biases, so a misplaced bias shows), and backpropagated.

Tolerances: relu: rtol=1e-6, atol=1e-7 (exact in any style). net
outputs and gradients: rtol=1e-4, atol=1e-5 (float32 matmuls summed in another order,
`addmm`, or the bias added first, differ by ~1e-6 relative; the mistakes this catches
change outputs by O(1)).
"""

import pytest
import torch

from grader.judge.api import Mismatch

RELU_RTOL, RELU_ATOL = 1e-6, 1e-7
NET_RTOL, NET_ATOL = 1e-4, 1e-5
FLAGS = ("count", "shapes", "dtypes", "requires_grad", "is_leaf")
HINTS = {
    "count": "init_params returns the list [W1, b1, W2, b2]",
    "shapes": "W1 is (num_in, num_hidden), b1 (num_hidden,), W2 (num_hidden, num_out), "
              "b2 (num_out,): weights are (in, out), the transpose of nn.Linear's",
    "dtypes": "the parameters are float32 tensors",
    "requires_grad": "all four tensors need requires_grad=True, so that training can "
                     "compute their gradients",
    "is_leaf": "each parameter must be a leaf tensor: `torch.randn(..., requires_grad=True) "
               "* 0.01` is the result of an operation, and its .grad stays None; scale "
               "first, then call .requires_grad_()",
    "reproducible": "the same seed must give the same parameters: draw W1 and W2 with "
                    "`generator=generator` (or, without one, from torch's global generator)",
    "seed_matters": "another seed must give other weights: draw W1 and W2 with "
                    "`generator=generator` (or, without one, from torch's global "
                    "generator), not from a generator of your own",
    "finite": "the parameters must be finite numbers (no inf or NaN)",
    "biases_zero": "b1 and b2 start at zero (`torch.zeros(...)`)",
    "weights_vary": "W1 and W2 must be random, not all equal: equal weights never break "
                    "the symmetry between hidden units",
    "weight_scale_sane": "the weights' standard deviation should be between 5e-4 and 3 "
                         "(e.g. `randn * 0.01`, or Xavier's sqrt(2 / (fan_in + fan_out)))",
}
VALUES = ("count", "shapes", "finite", "biases_zero", "weights_vary", "weight_scale_sane",
          "reproducible", "seed_matters")


def _explained(mismatch: Mismatch, prefix: str) -> Mismatch:
    """The mismatch with `prefix` in front and the hint for the output it is about."""
    message = str(mismatch)
    hint = next((text for name, text in HINTS.items() if message.startswith(name)), "")
    return Mismatch(f"{prefix}{message}" + (f" ({hint})" if hint else ""), mismatch.details)


def _init(check, sizes: tuple[int, int, int], outputs: tuple[str, ...], seed=None,
          global_seed=None):
    num_in, num_hidden, num_out = sizes
    inputs = {"num_in": num_in, "num_hidden": num_hidden, "num_out": num_out, "seed": seed,
              "global_seed": global_seed}
    generator = "" if seed is None else f", generator=torch.Generator().manual_seed({seed})"
    call = f"init_params({num_in}, {num_hidden}, {num_out}{generator})"
    if global_seed is not None:
        call = f"torch.manual_seed({global_seed}); {call}"
    try:
        return check.same("scratch.init_params", inputs, rtol=0, atol=0,
                          outputs=outputs, show={"call": call})
    except Mismatch as mismatch:
        raise _explained(mismatch, f"{call}: ") from None


def _params(seed: int, num_in: int, num_hidden: int, num_out: int) -> list[torch.Tensor]:
    """Grader-made parameters [W1, b1, W2, b2], biases non-zero."""
    generator = torch.Generator().manual_seed(seed)
    shapes = [(num_in, num_hidden), (num_hidden,), (num_hidden, num_out), (num_out,)]
    return [0.5 * torch.randn(shape, generator=generator) for shape in shapes]


def _net(check, X: torch.Tensor, params: list, label: str, outputs=("out",),
         grad_output=None) -> dict:
    inputs = {"X": X, "params": params, "grad_output": grad_output}
    call = f"net({label}, params)"
    try:
        student, expected = check.same("scratch.forward", inputs, rtol=NET_RTOL,
                                       atol=NET_ATOL, outputs=outputs,
                                       show={"call": call, "X": X, "params": params})
    except Mismatch as mismatch:
        raise Mismatch(str(mismatch).replace("out", call, 1) if str(mismatch).startswith("out")
                       else f"{call}: {mismatch}", mismatch.details) from None
    got = student["out"]
    assert isinstance(got, torch.Tensor), f"{call} should return a tensor, got {type(got).__name__}"
    assert got.dtype == expected["out"].dtype, \
        f"{call} returned dtype {got.dtype}, expected {expected['out'].dtype}"
    return student


def _relu(check, x: torch.Tensor, label: str) -> None:
    call = f"relu({label})"
    try:
        student, expected = check.same("calls.call", {"name": "relu", "args": [x]},
                                       rtol=RELU_RTOL, atol=RELU_ATOL, outputs=("value",),
                                       show={"call": call, "X": x})
    except Mismatch as mismatch:
        raise Mismatch(str(mismatch).replace("value", call, 1), mismatch.details) from None
    got = student["value"]
    assert isinstance(got, torch.Tensor), f"{call} should return a tensor, got {type(got).__name__}"
    assert got.dtype == x.dtype, f"{call} returned dtype {got.dtype} for a {x.dtype} input"


@pytest.mark.public
@pytest.mark.points(2)
def test_init_params_shapes_and_flags(check):
    """init_params(4, 8, 3): four float32 leaf tensors of the right shapes, all requiring grad."""
    _init(check, (4, 8, 3), FLAGS)


@pytest.mark.hidden
@pytest.mark.points(2)
def test_init_params_values_from_the_generator(check):
    """init_params' weights are random, finite, of a sane scale (any: 0.01, 0.1, Xavier...) and drawn from `generator` (else the global RNG); zero biases. Hidden: other sizes and seeds than the public test."""
    _init(check, (6, 5, 2), VALUES, seed=7)
    _init(check, (3, 4, 2), VALUES, global_seed=11)


@pytest.mark.public
@pytest.mark.points(1)
def test_relu_of_a_small_vector(check):
    """relu of [-2, -1, 0, 1, 2]."""
    _relu(check, torch.tensor([-2.0, -1.0, 0.0, 1.0, 2.0]), "[-2, -1, 0, 1, 2]")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_relu_keeps_shape_and_dtype(check):
    """relu on a random (3, 4) float32, a (2, 2, 5) float64 and a 0-d tensor (the public test: one float32 vector): same shape and dtype out."""
    generator = torch.Generator().manual_seed(1)
    _relu(check, torch.randn(3, 4, generator=generator), "random X of shape (3, 4)")
    _relu(check, torch.randn(2, 2, 5, generator=generator, dtype=torch.float64),
          "random float64 X of shape (2, 2, 5)")
    _relu(check, torch.tensor(-0.3), "a 0-d tensor")


@pytest.mark.public
@pytest.mark.points(2)
def test_net_on_a_batch(check):
    """net(X, params) for X of shape (5, 4), hidden 8, 3 outputs, with non-zero biases."""
    X = torch.randn(5, 4, generator=torch.Generator().manual_seed(2))
    _net(check, X, _params(3, 4, 8, 3), "X of shape (5, 4)")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_net_flattens_its_input(check):
    """net on image-like batches (6, 1, 4, 4) and (3, 2, 3, 2) (the public test's X is already (N, num_in)): reshape to (-1, num_in) first."""
    generator = torch.Generator().manual_seed(4)
    _net(check, torch.rand(6, 1, 4, 4, generator=generator), _params(5, 16, 10, 4),
         "X of shape (6, 1, 4, 4)")
    _net(check, torch.randn(3, 2, 3, 2, generator=generator), _params(6, 12, 7, 5),
         "X of shape (3, 2, 3, 2)")


@pytest.mark.hidden
@pytest.mark.points(1)
def test_net_is_differentiable(check):
    """net's output backpropagates to all four parameters (no public test backpropagates; only that is checked here, not the values): build it from the parameters with tensor operations."""
    generator = torch.Generator().manual_seed(7)
    X = torch.randn(8, 5, generator=generator)
    grad_output = torch.randn(8, 3, generator=generator)
    student = _net(check, X, _params(8, 5, 6, 3), "X of shape (8, 5)",
                   outputs=("differentiable",), grad_output=grad_output)
    shapes = [(5, 6), (6,), (6, 3), (3,)]
    grads = student.get("grads") or [None] * 4
    missing = [name for name, grad, shape in zip(("W1", "b1", "W2", "b2"), grads, shapes)
               if not isinstance(grad, torch.Tensor) or tuple(grad.shape) != shape]
    assert not missing, (
        f"net(X, params).backward(...) gives no gradient to {', '.join(missing)}: build the "
        f"output from the parameters themselves with tensor operations (no .data, "
        f".detach(), .item() or new tensors in between)")
