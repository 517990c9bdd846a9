"""Reference for `logistic_regression`: a 3-layer sigmoid network trained with BCE."""

import torch


class BinaryClassifier(torch.nn.Module):
    """in_features -> 6 -> 4 -> 1, a sigmoid after each layer; returns probabilities."""

    def __init__(self, in_features: int = 8) -> None:
        super().__init__()
        self.linear1 = torch.nn.Linear(in_features, 6)
        self.linear2 = torch.nn.Linear(6, 4)
        self.linear3 = torch.nn.Linear(4, 1)
        self.sigmoid = torch.nn.Sigmoid()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.sigmoid(self.linear1(x))  # (N, 6)
        x = self.sigmoid(self.linear2(x))  # (N, 4)
        return self.sigmoid(self.linear3(x))  # (N, 1)


def train(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float = 0.1,
          epochs: int = 100) -> list[float]:
    """Full-batch SGD on the mean BCE; losses recorded before each step."""
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses
