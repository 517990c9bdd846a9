# expect-status: graded
# expect-score: =10
"""Homework 5: an MLP for handwritten digits (nn.Sequential, Adam)."""
import math

import torch
from torch import nn


def build_model(input_shape=(1, 8, 8), num_classes=10):
    n_in = math.prod(input_shape)
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(n_in, 256),
        nn.ReLU(),
        nn.Linear(256, 64),
        nn.ReLU(),
        nn.Linear(64, num_classes),
    )


def train(model, loader, device, epochs=10):
    model = model.to(device)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    history = []
    for epoch in range(epochs):
        batch_losses = []
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        history.append(sum(batch_losses) / len(batch_losses))
        print(f"epoch {epoch + 1}: loss {history[-1]:.4f}")
    return history


if __name__ == "__main__":
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_digits
    from torch.utils.data import DataLoader, TensorDataset

    digits = load_digits()
    x = torch.tensor(digits.images / 16.0, dtype=torch.float32).unsqueeze(1)
    y = torch.tensor(digits.target)
    loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)
    losses = train(build_model(), loader, torch.device("cpu"), epochs=20)
    plt.plot(losses)
    plt.show()
