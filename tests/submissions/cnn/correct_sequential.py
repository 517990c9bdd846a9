# expect-status: graded
# expect-score: =10
"""Lab 6: a CNN for digits. The flatten size comes from a dummy forward pass."""
import torch
from torch import nn


def conv_output_size(size, kernel_size, stride=1, padding=0):
    return (size + 2 * padding - kernel_size) // stride + 1


def build_model(input_shape=(1, 8, 8), num_classes=10):
    features = nn.Sequential(
        nn.Conv2d(input_shape[0], 16, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
    )
    with torch.no_grad():
        n_flat = features(torch.zeros(1, *input_shape)).numel()
    return nn.Sequential(features, nn.Flatten(), nn.Linear(n_flat, 64), nn.ReLU(),
                         nn.Linear(64, num_classes))


def train(model, loader, device, epochs=10):
    model.to(device)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    epoch_losses = []
    for epoch in range(epochs):
        losses = []
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        epoch_losses.append(sum(losses) / len(losses))
    return epoch_losses


if __name__ == "__main__":
    print(conv_output_size(8, 3, padding=1), conv_output_size(28, 5))
