# expect-status: graded
# expect-score: >0
# expect-score: <10
# expect-message: below the target
# expect-message: credit = clamp((accuracy - 0.10) / (0.97 - 0.10), 0, 1)
# A 2-channel conv with an average pool, trained by plain SGD at lr 0.01: correct
# code, far too little learning to reach the target in 20 epochs.
import torch
from torch import nn


def conv_output_size(size, kernel_size, stride=1, padding=0):
    return (size + 2 * padding - kernel_size) // stride + 1


def build_model(input_shape=(1, 8, 8), num_classes=10):
    c, h, w = input_shape
    h = conv_output_size(conv_output_size(h, 3), 2, stride=2)
    w = conv_output_size(conv_output_size(w, 3), 2, stride=2)
    return nn.Sequential(nn.Conv2d(c, 2, 3), nn.Tanh(), nn.AvgPool2d(2), nn.Flatten(),
                         nn.Linear(2 * h * w, num_classes))


def train(model, loader, device, epochs=10):
    model.to(device)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
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
