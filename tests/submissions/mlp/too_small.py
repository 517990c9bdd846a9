# expect-status: graded
# expect-score: >0
# expect-score: <10
# expect-message: below the target
# expect-message: credit = clamp((accuracy - 0.10) / (0.95 - 0.10), 0, 1)
# A 3-unit sigmoid bottleneck trained with plain SGD: correct code that learns a
# little, far from the target.
import torch
from torch import nn


def build_model(input_shape=(1, 8, 8), num_classes=10):
    c, h, w = input_shape
    return nn.Sequential(nn.Flatten(), nn.Linear(c * h * w, 3), nn.Sigmoid(),
                         nn.Linear(3, num_classes))


def train(model, loader, device, epochs=10):
    model.to(device)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
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
