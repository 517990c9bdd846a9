"""Exercise `mlp`: train a multi-layer perceptron to a target accuracy.

You get 10-class images as float tensors of shape (N, 1, H, W) with pixels in [0, 1]
(by default the 8x8 handwritten digits, so H = W = 8) and integer labels 0..9.
Build a model and a training loop that reach at least 95% accuracy on a held-out test
split. The grader calls, in this order:

    model = build_model(input_shape, num_classes)
    losses = train(model, loader, device, epochs=20)     # loader: batches of 64

then puts the model in eval mode and measures its accuracy on test images it never
showed you. Run this file to try your code on the digits (`python mlp.py`).
"""

from __future__ import annotations

import math

import torch
from torch import nn


def build_model(input_shape: tuple[int, int, int] = (1, 8, 8),
                num_classes: int = 10) -> nn.Module:
    """Return an MLP that maps images (N, C, H, W) to logits (N, num_classes).

    - First flatten each image: `nn.Flatten()` turns (N, C, H, W) into (N, C*H*W),
      so the first `nn.Linear` has `in_features = C*H*W` (`math.prod(input_shape)`).
    - Then a few `nn.Linear` layers with a non-linearity (`nn.ReLU()`) between them;
      without it, stacked linear layers collapse into one linear map.
    - The last layer has `num_classes` outputs: the *logits*, one raw, unnormalised
      score per class. The predicted class is `logits.argmax(dim=1)`.
    - Do NOT end with a softmax: `nn.CrossEntropyLoss` takes logits and applies
      log-softmax itself. A softmax before it squashes the scores twice, which
      flattens the gradients and slows (or stalls) learning.

    It must work for any `input_shape`, e.g. (1, 28, 28) for MNIST.
    `nn.Sequential(...)` is the easiest way to chain the layers.
    """
    raise NotImplementedError("build_model is not implemented yet")


def train(model: nn.Module, loader, device: torch.device, epochs: int = 10) -> list[float]:
    """Train `model` on `loader` for `epochs` epochs; return the per-epoch mean losses.

    - `device` is a `torch.device` ("cuda" when a GPU is there, else "cpu"). Move the
      model there first (`model.to(device)`), then create the optimizer, and move every
      batch too (`images.to(device)`, `labels.to(device)`): a model on the GPU cannot
      read tensors that are still on the CPU.
    - Call `model.train()` at the start (layers such as dropout and normalisation behave
      differently in training and evaluation).
    - Loss: `nn.CrossEntropyLoss()` on the logits and the integer labels (B,).
    - Optimizer of your choice (`torch.optim.Adam(model.parameters(), lr=1e-3)` works).
    - For each batch: `optimizer.zero_grad()` -> `loss.backward()` -> `optimizer.step()`.
      `zero_grad` matters: `backward` *adds* to `.grad`, so without it every step would
      use the sum of all past gradients.
    - Return a list of `epochs` floats: each is the mean of that epoch's batch losses
      (`loss.item()` gives a batch's loss as a Python float).
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
    print(f"test accuracy: {accuracy:.4f} (target: 0.95)")
