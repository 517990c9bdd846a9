# expect-status: graded
# expect-score: =10
# The PyTorch-tutorial style: layers in __init__, functional pooling in forward,
# the flatten size computed with conv_output_size, SGD with momentum.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


def conv_output_size(size, kernel_size, stride=1, padding=0):
    return int(math.floor((size + 2 * padding - kernel_size) / stride)) + 1


class Net(nn.Module):
    def __init__(self, input_shape, num_classes):
        super().__init__()
        channels, height, width = input_shape
        self.conv1 = nn.Conv2d(channels, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        for _ in range(2):  # each block: "same" conv, then a 2x2 max pool
            height = conv_output_size(conv_output_size(height, 3, 1, 1), 2, 2)
            width = conv_output_size(conv_output_size(width, 3, 1, 1), 2, 2)
        self.fc1 = nn.Linear(64 * height * width, 128)
        self.fc2 = nn.Linear(128, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def build_model(input_shape=(1, 8, 8), num_classes=10):
    return Net(input_shape, num_classes)


def train(model, loader, device, epochs=10):
    model = model.to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    losses = []
    for epoch in range(epochs):
        model.train()
        running_loss = 0.0
        for i, (inputs, labels) in enumerate(loader):
            inputs, labels = inputs.to(device), labels.to(device)
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
        losses.append(running_loss / (i + 1))
    return losses
