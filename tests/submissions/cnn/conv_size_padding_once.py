# expect-status: graded
# expect-score: <10
# expect-message: conv_output_size(8, 3, stride=1, padding=1)'] differs: got 7, expected 8
# expect-outcome: test_conv_output_size=failed
# conv_output_size adds the padding once instead of on both sides; the model itself
# sizes its Linear layer with a dummy forward pass, so it trains fine.
import torch
from torch import nn


def conv_output_size(size, kernel_size, stride=1, padding=0):
    return (size + padding - kernel_size) // stride + 1


def build_model(input_shape=(1, 8, 8), num_classes=10):
    body = nn.Sequential(nn.Conv2d(input_shape[0], 32, 3, padding=1), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten())
    with torch.no_grad():
        flat = body(torch.zeros(1, *input_shape)).shape[1]
    return nn.Sequential(body, nn.Linear(flat, 128), nn.ReLU(), nn.Linear(128, num_classes))


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
