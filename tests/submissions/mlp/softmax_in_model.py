# expect-status: graded
# expect-score: <10
# expect-misconceptions: mlp.softmax_before_cross_entropy
# expect-message: probabilities
# The model ends with a softmax "so that it outputs probabilities", and the loss is
# CrossEntropyLoss: softmax applied twice.
import torch
from torch import nn


def build_model(input_shape=(1, 8, 8), num_classes=10):
    c, h, w = input_shape
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(c * h * w, 128), nn.ReLU(),
        nn.Linear(128, 64), nn.ReLU(),
        nn.Linear(64, num_classes),
        nn.Softmax(dim=1),
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
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    return losses
