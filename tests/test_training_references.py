"""The `mlp` and `cnn` references reach their targets on the held-out digits, on CPU.

Trained the way the grader trains a submission: `torch.manual_seed(0)`, a DataLoader of
batch size 64 shuffled by a seeded generator, `epochs=20`, accuracy in eval mode.
Training runs on one intra-op thread: these models are far too small to gain from more,
and on a busy 2-core machine two threads were measured 10-20x slower (spin-waiting).
"""

from __future__ import annotations

import time

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from grader.data import load_digits
from grader.solutions import cnn, mlp

EPOCHS = 20
TARGETS = {"mlp": 0.95, "cnn": 0.97}
REFERENCES = {"mlp": mlp, "cnn": cnn}
TIME_BUDGET_S = 60.0  # generous: about 1-4 s (mlp) and 3-6 s (cnn) on one CPU thread
POOLING = (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveMaxPool2d, nn.AdaptiveAvgPool2d)


def accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        predicted = model(images).argmax(dim=1)  # (N,)
    return (predicted == labels).float().mean().item()


def train_reference(stem: str, seed: int = 0):
    """(model, losses, test accuracy, seconds) for the reference `stem` on the digits."""
    data = load_digits()
    torch.manual_seed(seed)
    loader = DataLoader(TensorDataset(data.x_train, data.y_train), batch_size=64,
                        shuffle=True, generator=torch.Generator().manual_seed(seed))
    reference = REFERENCES[stem]
    model = reference.build_model(data.input_shape, data.num_classes)
    start = time.perf_counter()
    losses = reference.train(model, loader, torch.device("cpu"), epochs=EPOCHS)
    seconds = time.perf_counter() - start
    return model, losses, accuracy(model, data.x_test, data.y_test), seconds


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module", params=sorted(REFERENCES))
def trained(request, one_thread):
    return (request.param, *train_reference(request.param))


def test_reference_reaches_its_target(trained):
    stem, _, _, test_accuracy, seconds = trained
    assert test_accuracy >= TARGETS[stem], f"{stem}: {test_accuracy:.4f} < {TARGETS[stem]}"
    assert seconds < TIME_BUDGET_S, f"{stem} took {seconds:.1f} s"


def test_losses_are_per_epoch_floats_that_decrease(trained):
    stem, _, losses, _, _ = trained
    assert len(losses) == EPOCHS
    assert all(isinstance(loss, float) for loss in losses)
    assert losses[-1] < 0.2 * losses[0]
    assert sum(losses[-5:]) < sum(losses[:5])


def test_reference_returns_logits(trained):
    _, model, _, _, _ = trained
    last = [module for module in model.modules() if not list(module.children())][-1]
    assert isinstance(last, nn.Linear), "the model should end with a Linear (logits)"
    assert not any(isinstance(m, (nn.Softmax, nn.LogSoftmax)) for m in model.modules())


def test_cnn_contains_conv_and_pooling():
    model = cnn.build_model()
    assert any(isinstance(module, nn.Conv2d) for module in model.modules())
    assert any(isinstance(module, POOLING) for module in model.modules())


@pytest.mark.parametrize("reference", [mlp, cnn], ids=["mlp", "cnn"])
@pytest.mark.parametrize("input_shape,num_classes", [
    ((1, 8, 8), 10), ((1, 28, 28), 10), ((3, 16, 16), 5), ((1, 9, 13), 4)])
def test_models_accept_other_input_shapes(reference, input_shape, num_classes):
    model = reference.build_model(input_shape, num_classes).eval()
    with torch.no_grad():
        logits = model(torch.rand(3, *input_shape))
    assert logits.shape == (3, num_classes)


def test_train_on_a_tiny_loader_returns_one_loss_per_epoch():
    torch.manual_seed(0)
    images, labels = torch.rand(10, 1, 8, 8), torch.randint(0, 10, (10,))
    loader = DataLoader(TensorDataset(images, labels), batch_size=4)  # last batch of 2
    for reference in (mlp, cnn):
        losses = reference.train(reference.build_model(), loader, torch.device("cpu"),
                                 epochs=3)
        assert len(losses) == 3 and all(loss > 0 for loss in losses)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
@pytest.mark.parametrize("reference", [mlp, cnn], ids=["mlp", "cnn"])
def test_train_moves_the_model_to_the_device(reference):
    images, labels = torch.rand(8, 1, 8, 8), torch.randint(0, 10, (8,))
    loader = DataLoader(TensorDataset(images, labels), batch_size=4)
    model = reference.build_model()
    reference.train(model, loader, torch.device("cuda"), epochs=1)
    assert all(parameter.is_cuda for parameter in model.parameters())


CONV_CASES = [
    # size, kernel, stride, padding, expected
    (8, 3, 1, 0, 6),
    (8, 3, 1, 1, 8),
    (28, 5, 1, 0, 24),
    (28, 5, 1, 2, 28),
    (8, 2, 2, 0, 4),
    (7, 2, 2, 0, 3),
    (32, 3, 2, 1, 16),
    (5, 5, 1, 0, 1),
    (10, 4, 3, 0, 3),
    (224, 7, 2, 3, 112),
]


@pytest.mark.parametrize("size,kernel,stride,padding,expected", CONV_CASES)
def test_conv_output_size_table(size, kernel, stride, padding, expected):
    assert cnn.conv_output_size(size, kernel, stride, padding) == expected
    assert isinstance(cnn.conv_output_size(size, kernel, stride, padding), int)


@pytest.mark.parametrize("size,kernel,stride,padding,expected", CONV_CASES)
def test_conv_output_size_matches_torch(size, kernel, stride, padding, expected):
    conv = nn.Conv2d(1, 1, kernel_size=kernel, stride=stride, padding=padding)
    with torch.no_grad():
        out = conv(torch.zeros(1, 1, size, size + 1))  # (1, 1, H_out, W_out)
    assert out.shape[2] == cnn.conv_output_size(size, kernel, stride, padding)
    assert out.shape[3] == cnn.conv_output_size(size + 1, kernel, stride, padding)


def test_conv_output_size_defaults():
    assert cnn.conv_output_size(8, 3) == 6
