"""Reference for `cnn`: a small convolutional network trained to >= 97% on held-out digits.

Architecture: two blocks of Conv2d(3x3, padding 1) -> BatchNorm2d -> ReLU -> MaxPool2d(2),
then Flatten -> Linear -> ReLU -> Linear (logits). The flatten size comes from
`conv_output_size`, so the same code builds the model for 8x8 digits and 28x28 MNIST.
Training: Adam (lr 3e-3) with a cosine learning-rate decay over the epochs.
"""

from __future__ import annotations

import torch
from torch import nn

CHANNELS = (32, 64)  # output channels of the two conv blocks


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """Output length along one axis: (size + 2*padding - kernel_size) // stride + 1."""
    return (size + 2 * padding - kernel_size) // stride + 1


def build_model(input_shape: tuple[int, int, int] = (1, 8, 8),
                num_classes: int = 10) -> nn.Module:
    """A CNN mapping images (N, C, H, W) to logits (N, num_classes)."""
    in_channels, height, width = input_shape
    layers: list[nn.Module] = []
    for out_channels in CHANNELS:
        layers += [nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1),
                   nn.BatchNorm2d(out_channels), nn.ReLU(), nn.MaxPool2d(2)]
        # conv 3x3 with padding 1 keeps the size; the 2x2 pool (stride 2) halves it
        height = conv_output_size(conv_output_size(height, 3, padding=1), 2, stride=2)
        width = conv_output_size(conv_output_size(width, 3, padding=1), 2, stride=2)
        in_channels = out_channels
    return nn.Sequential(
        *layers,  # (N, C, H, W) -> (N, 64, H/4, W/4)
        nn.Flatten(),  # -> (N, 64 * H/4 * W/4)
        nn.Linear(in_channels * height * width, 128), nn.ReLU(),
        nn.Linear(128, num_classes),  # (N, num_classes) logits: no softmax
    )


def train(model: nn.Module, loader, device: torch.device, epochs: int = 10) -> list[float]:
    """Train with CrossEntropyLoss on logits; return each epoch's mean batch loss."""
    model.to(device)  # move first, then hand the (moved) parameters to the optimizer
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, epochs))
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(epochs):
        total, batches = 0.0, 0
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)  # (B, C, H, W), (B,)
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            total, batches = total + loss.item(), batches + 1
        schedule.step()
        losses.append(total / max(1, batches))
    return losses


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
