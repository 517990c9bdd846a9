# expect-status: graded
# expect-score: =10
# A subclass of nn.Module, SGD with momentum, dropout, loss averaged over samples.
import torch
import torch.nn as nn
import torch.nn.functional as F


class DigitNet(nn.Module):
    def __init__(self, in_features, num_classes, hidden=200):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, num_classes)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        x = self.drop(F.relu(self.fc1(x)))
        x = self.drop(F.relu(self.fc2(x)))
        return self.out(x)


def build_model(input_shape=(1, 8, 8), num_classes=10):
    c, h, w = input_shape
    return DigitNet(c * h * w, num_classes)


def train(model, loader, device, epochs=10):
    model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    losses = []
    for epoch in range(epochs):
        model.train()
        running, seen = 0.0, 0
        for images, labels in loader:
            images = images.to(device)
            labels = labels.to(device)
            logits = model(images)
            loss = F.cross_entropy(logits, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.item() * images.size(0)
            seen += images.size(0)
        losses.append(running / seen)
    return losses
