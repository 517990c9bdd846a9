# expect-status: graded
# expect-score: <10
# expect-misconceptions: mlp.zero_grad_missing
# Everything right except that the gradients are never reset between batches.
import math

import torch
from torch import nn


def build_model(input_shape=(1, 8, 8), num_classes=10):
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(math.prod(input_shape), 128), nn.ReLU(),
        nn.Linear(128, num_classes),
    )


def train(model, loader, device, epochs=10):
    model.to(device)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(epochs):
        total = 0.0
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    return losses
