"""Exercise `cnn`: train a convolutional network to a target accuracy.

You get 10-class images as float tensors of shape (N, 1, H, W) with pixels in [0, 1]
(by default the 8x8 handwritten digits, so H = W = 8) and integer labels 0..9.
Build a CNN and a training loop that reach at least 97% accuracy on a held-out test
split. The grader calls, in this order:

    model = build_model(input_shape, num_classes)
    losses = train(model, loader, device, epochs=20)     # loader: batches of 64

then puts the model in eval mode and measures its accuracy on test images it never
showed you. Run this file to try your code on the digits (`python cnn.py`).
"""

from __future__ import annotations

import torch
from torch import nn

CHANNELS = (32, 64)  # a suggestion: output channels of two conv blocks


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """Return the output length along one axis of a convolution or pooling layer.

        out = (size + 2*padding - kernel_size) // stride + 1

    (`//` is floor division: a window that does not fit is dropped.) Examples:
    size 8, kernel 3, padding 1 -> 8 (a "same" 3x3 conv); size 8, kernel 2, stride 2
    -> 4 (a 2x2 max pool halves the size); size 28, kernel 5 -> 24.
    """
    raise NotImplementedError("conv_output_size is not implemented yet")


def build_model(input_shape: tuple[int, int, int] = (1, 8, 8),
                num_classes: int = 10) -> nn.Module:
    """Return a CNN that maps images (N, C, H, W) to logits (N, num_classes).

    - It must contain at least one `nn.Conv2d` and one pooling layer
      (`nn.MaxPool2d` or `nn.AvgPool2d`), e.g. Conv2d -> ReLU -> MaxPool2d(2), twice.
      The first Conv2d takes `in_channels = input_shape[0]`.
    - Then `nn.Flatten()` and `nn.Linear` layers. The first Linear's `in_features` is
      channels * height * width *after* the conv/pool blocks: compute it from
      `input_shape` with `conv_output_size` (or run a dummy tensor
      `torch.zeros(1, *input_shape)` through the blocks under `torch.no_grad()`), so
      the same code works for (1, 8, 8) digits and (1, 28, 28) MNIST.
    - The last layer has `num_classes` outputs: the *logits*, one raw, unnormalised
      score per class. Do NOT end with a softmax: `nn.CrossEntropyLoss` applies
      log-softmax to the logits itself.
    """
    raise NotImplementedError("build_model is not implemented yet")


def train(model: nn.Module, loader, device: torch.device, epochs: int = 10) -> list[float]:
    """Train `model` on `loader` for `epochs` epochs; return the per-epoch mean losses.

    - `device` is a `torch.device` ("cuda" when a GPU is there, else "cpu"). Move the
      model there first (`model.to(device)`), then create the optimizer, and move every
      batch too (`images.to(device)`, `labels.to(device)`).
    - Call `model.train()` at the start.
    - Loss: `nn.CrossEntropyLoss()` on the logits and the integer labels (B,).
    - Optimizer of your choice (`torch.optim.Adam(model.parameters(), lr=1e-3)` works).
    - For each batch: `optimizer.zero_grad()` -> `loss.backward()` -> `optimizer.step()`
      (`backward` adds to `.grad`; without `zero_grad` old gradients pile up).
    - Return a list of `epochs` floats: each is the mean of that epoch's batch losses.
    """
    raise NotImplementedError("train is not implemented yet")


if __name__ == "__main__":
    from torch.utils.data import DataLoader, TensorDataset

    from grader.data import load_digits

    data = load_digits()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(0)
    loader = DataLoader(TensorDataset(data.x_train, data.y_train), batch_size=64,
                        shuffle=True, generator=torch.Generator().manual_seed(0))
    model = build_model(data.input_shape, data.num_classes)
    losses = train(model, loader, device, epochs=20)
    model.eval()
    with torch.no_grad():
        predicted = model(data.x_test.to(device)).argmax(dim=1).cpu()
    accuracy = (predicted == data.y_test).float().mean().item()
    print(f"losses: {[round(loss, 4) for loss in losses]}")
    print(f"test accuracy: {accuracy:.4f} (target: 0.97)")
