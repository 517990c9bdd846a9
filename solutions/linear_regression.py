"""Reference for `linear_regression`: nn.Linear, MSELoss(reduction="sum"), SGD."""

import torch


class LinearModel(torch.nn.Module):
    """`y_hat = linear(x)`, one input feature, one output."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x)  # (N, 1) -> (N, 1)


def train(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float = 0.01,
          epochs: int = 100) -> list[float]:
    """Full-batch SGD on the summed squared error; losses recorded before each step."""
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses
