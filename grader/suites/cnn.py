"""Graded suite for `cnn`: `conv_output_size`, the model's layers, and the training.

The training half is the mlp suite's (grader/suites/mlp.py: one seeded run per grading,
seed 0, batch size 64, epochs=20, on "cuda" when the worker sees a GPU; held-out labels
never leave this process), with the target 0.97. The accuracy test carries 5 of the 10
points, with partial credit
    credit = clamp((accuracy - 0.10) / (target - 0.10), 0, 1),  target = 0.97
(0.10 is chance for 10 classes). The reference reaches 0.996 on the default digits on
CPU, the correct variants under tests/submissions/cnn 0.98 or more.

`conv_output_size` is exact integer arithmetic: compared exactly, both with the
reference and with the output sizes of real `nn.Conv2d` / `nn.MaxPool2d` layers run on
zeros in this process. The layer test accepts a Conv2d and a pooling layer used as
modules or as functional calls (`F.max_pool2d` in `forward`).

Misconceptions (`cnn.softmax_before_cross_entropy`, `cnn.zero_grad_missing`,
`cnn.not_on_device`) are named from the training probes; they never change points.
"""

from __future__ import annotations

import pytest
import torch

from grader.judge.api import conv_call
from grader.suites.mlp import (check_accuracy, check_logits, check_losses, check_on_device,
                               images)

TARGET = 0.97
# (size, kernel_size, stride, padding): "same" convs, strided convs, pools, floors
CONV_CASES = [(8, 3, 1, 1), (8, 2, 2, 0), (28, 5, 1, 0), (28, 3, 2, 1), (7, 2, 2, 0),
              (32, 5, 1, 2), (5, 5, 1, 0), (10, 4, 3, 0), (13, 3, 2, 0), (1, 1, 1, 0),
              (14, 3, 1, 0), (6, 3, 3, 2)]


def torch_output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """The width of a real Conv2d's output on a (1, 1, size, size) input."""
    conv = torch.nn.Conv2d(1, 1, kernel, stride=stride, padding=padding)
    with torch.no_grad():
        return conv(torch.zeros(1, 1, size, size)).shape[-1]


@pytest.mark.public
@pytest.mark.points(1)
def test_conv_output_size(check):
    """conv_output_size on a table of (size, kernel_size, stride, padding) cases."""
    student, _ = check.same("training.conv_sizes", {"cases": CONV_CASES}, rtol=0, atol=0)
    for case in CONV_CASES:
        call, real = conv_call(*case), torch_output_size(*case)
        got = student["sizes"][call]
        assert got == real, f"{call} gave {got}; a real nn.Conv2d gives {real}"
        assert isinstance(got, int) and not isinstance(got, bool), (
            f"{call} returned {got!r} ({type(got).__name__}); it should return an int: "
            f"use floor division `//`")


@pytest.mark.public
@pytest.mark.points(1)
def test_model_has_conv2d_and_pooling(check):
    """build_model's network contains a Conv2d and a pooling layer."""
    data, inputs = images()
    facts = check.student("training.describe", {"input_shape": inputs["input_shape"],
                                                "num_classes": data.num_classes})
    missing = [name for name, key in (("an nn.Conv2d", "has_conv2d"),
                                      ("a pooling layer (nn.MaxPool2d or nn.AvgPool2d)",
                                       "has_pooling")) if not facts[key]]
    assert not missing, (f"a CNN needs {' and '.join(missing)}; your model's layers are: "
                         f"{', '.join(facts['layers']) or 'none'}")


@pytest.mark.public
@pytest.mark.points(5)
def test_accuracy_on_held_out_images(check):
    """Accuracy of the trained model on held-out images (full credit at 0.97)."""
    check_accuracy(check, TARGET)


@pytest.mark.public
@pytest.mark.points(1)
def test_train_returns_one_loss_per_epoch(check):
    """`train` returns a list of `epochs` finite floats."""
    check_losses(check, TARGET)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_model_returns_logits(check):
    """The model's outputs are logits, not probabilities (no public test looks at them): no softmax at the end."""
    check_logits(check, TARGET)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_model_is_on_the_device(check):
    """After `train`, the model's parameters are on the device `train` was given (the public tests do not check): `model.to(device)`."""
    check_on_device(check, TARGET)
