# expect-status: graded
# expect-misconceptions: cnn.softmax_before_cross_entropy
# The model returns logits, but the training loop turns them into probabilities
# before CrossEntropyLoss.
import torch
from torch import nn


def conv_output_size(size, kernel_size, stride=1, padding=0):
    return (size + 2 * padding - kernel_size) // stride + 1


def build_model(input_shape=(1, 8, 8), num_classes=10):
    c, h, w = input_shape
    h = conv_output_size(conv_output_size(h, 3, padding=1), 2, stride=2)
    w = conv_output_size(conv_output_size(w, 3, padding=1), 2, stride=2)
    return nn.Sequential(
        nn.Conv2d(c, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * h * w, 64), nn.ReLU(), nn.Linear(64, num_classes),
    )


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
            probs = torch.softmax(model(images), dim=1)
            loss = criterion(probs, labels)
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    return losses
