# expect-status: graded
# expect-score: >0
# expect-score: <10
# expect-message: your code raised RuntimeError
# expect-outcome: test_accuracy_on_held_out_images=error
# The labels are turned into floats "for the loss": CrossEntropyLoss then reads them
# as class probabilities of the wrong shape and raises inside `train`.
import torch
from torch import nn


def build_model(input_shape=(1, 8, 8), num_classes=10):
    c, h, w = input_shape
    return nn.Sequential(nn.Flatten(), nn.Linear(c * h * w, 64), nn.ReLU(),
                         nn.Linear(64, num_classes))


def train(model, loader, device, epochs=10):
    model.to(device)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(epochs):
        total = 0.0
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device).float()
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    return losses
