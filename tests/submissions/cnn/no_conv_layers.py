# expect-status: graded
# expect-score: <10
# expect-message: a CNN needs an nn.Conv2d and a pooling layer
# expect-outcome: test_model_has_conv2d_and_pooling=failed
# The MLP from the previous exercise handed in as the CNN: it trains well, but it has
# no convolution and no pooling.
import math

import torch
from torch import nn


def conv_output_size(size, kernel_size, stride=1, padding=0):
    return (size + 2 * padding - kernel_size) // stride + 1


def build_model(input_shape=(1, 8, 8), num_classes=10):
    return nn.Sequential(nn.Flatten(), nn.Linear(math.prod(input_shape), 256), nn.ReLU(),
                         nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, num_classes))


def train(model, loader, device, epochs=10):
    model.to(device)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    losses = []
    for _ in range(epochs):
        total = 0.0
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    return losses
