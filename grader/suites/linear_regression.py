"""Graded suite for `linear_regression`: `LinearModel` (nn.Linear(1, 1)) and `train`.

Every training test starts the student's model and the reference's from the same
seeded weights (loaded in parameter order: weight (1, 1), then bias (1,)) and compares
the per-epoch losses and the final parameters.

Tolerances: rtol=1e-4, atol=1e-5 on losses, parameters and outputs. Training runs in
float32, where a correct loop written differently (the loss summed by hand instead of
`MSELoss(reduction="sum")`, `zero_grad()` at the top of the loop) drifts by ~1e-6
relative over 100 epochs. The named mistakes change the losses by a factor N or send
them off course within a few epochs, far beyond these tolerances.
"""

import contextlib

import pytest
import torch

from grader.judge.api import Mismatch

RTOL, ATOL = 1e-4, 1e-5
SHAPES = ((1, 1), (1,))  # nn.Linear(1, 1): weight, bias
CHECK_X = torch.tensor([[1.0], [2.0], [3.0]])
CHECK_Y = torch.tensor([[2.0], [4.0], [6.0]])


def _weights(seed: int) -> list[torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return [torch.randn(shape, generator=generator) for shape in SHAPES]


def _data(seed: int, n: int, noise: float = 0.2) -> tuple[torch.Tensor, torch.Tensor]:
    """float32 (n, 1) inputs and targets y = a x + b + noise."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 1, generator=generator)                                   # (n, 1)
    y = 1.5 * x - 0.7 + noise * torch.randn(n, 1, generator=generator)           # (n, 1)
    return x, y


@contextlib.contextmanager
def _about(what: str):
    """Prefix a mismatch message with what it is about."""
    try:
        yield
    except Mismatch as mismatch:
        raise Mismatch(f"{what}: {mismatch}", mismatch.details) from None


def _train(check, x, y, weights_seed: int, **train_kwargs) -> dict:
    inputs = {"cls": "LinearModel", "x": x, "y": y, "weights": _weights(weights_seed),
              "train_kwargs": train_kwargs}
    with _about("train"):
        student, _ = check.same("modules.train", inputs, rtol=RTOL, atol=ATOL)
    losses = student["losses"]
    if not all(isinstance(loss, float) for loss in losses):
        raise AssertionError("train should return the losses as Python floats "
                             "(append `loss.item()`, not the loss tensor)")
    return student


def _forward(check, x, weights_seed: int) -> dict:
    inputs = {"cls": "LinearModel", "x": x, "weights": _weights(weights_seed)}
    with _about("model(x)"):
        student, _ = check.same("modules.forward", inputs, rtol=RTOL, atol=ATOL)
    return student


@pytest.mark.public
@pytest.mark.points(2)
def test_model_structure_and_forward(check):
    """`LinearModel()` holds `self.linear = nn.Linear(1, 1)` and returns `linear(x)`."""
    described = check.student("modules.describe", {"cls": "LinearModel"})
    kind = described["attributes"].get("linear")
    if kind != "Linear":
        raise AssertionError("LinearModel should have the attribute `self.linear = "
                             f"torch.nn.Linear(1, 1)`; found {kind or 'no such attribute'}")
    if described["shapes"] != [list(shape) for shape in SHAPES]:
        raise AssertionError(f"LinearModel's parameters have shapes {described['shapes']}; "
                             f"nn.Linear(1, 1) has a (1, 1) weight and a (1,) bias")
    _forward(check, torch.tensor([[0.0], [1.0], [-2.0], [3.5]]), weights_seed=0)


@pytest.mark.public
@pytest.mark.points(2)
def test_train_check_data(check):
    """`train` on the check data for 20 epochs with lr=0.01: losses and final parameters."""
    _train(check, CHECK_X, CHECK_Y, weights_seed=1, lr=0.01, epochs=20)


@pytest.mark.hidden
@pytest.mark.points(2)
def test_train_random_data(check):
    """`train` on 16 noisy random points, lr=0.002, 50 epochs (the public test: the check data, lr=0.01): use the lr and epochs arguments."""
    x, y = _data(2, 16)
    _train(check, x, y, weights_seed=3, lr=0.002, epochs=50)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_train_defaults(check):
    """`train(model, x, y)` with its default lr (0.01) and epochs (100; the public test runs 20) on the check data."""
    _train(check, CHECK_X, CHECK_Y, weights_seed=4)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_forward_batch_and_large_values(check):
    """`model(x)` on a batch of 50 including zeros and values of +-1000 (the public test's batch is small): shape (N, 1)."""
    generator = torch.Generator().manual_seed(5)
    x = torch.cat([torch.randn(47, 1, generator=generator),
                   torch.tensor([[0.0], [1000.0], [-1000.0]])])                  # (50, 1)
    _forward(check, x, weights_seed=6)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_train_single_sample(check):
    """`train` on a single sample, lr=0.1, 5 epochs (the public test has 3): a summed loss, the full batch each epoch."""
    _train(check, torch.tensor([[2.0]]), torch.tensor([[-1.0]]), weights_seed=7,
           lr=0.1, epochs=5)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_train_larger_data_set(check):
    """`train` on 40 noisy points, lr=5e-4, 80 epochs (other data and lr than the public test)."""
    x, y = _data(8, 40, noise=0.5)
    _train(check, x, y, weights_seed=9, lr=5e-4, epochs=80)
