"""Exercise `linear_regression`: `nn.Module`, a loss and an optimizer.

The same linear model as before, now written with PyTorch's building blocks:
- a model is a subclass of `torch.nn.Module`; its layers are attributes created in
  `__init__` (so their parameters are registered), and `forward(x)` computes the
  output. Call the model as `model(x)`, not `model.forward(x)`.
- `torch.nn.Linear(1, 1)` holds a weight and a bias: `y_hat = x @ W.T + b`.
- a loss object, here `torch.nn.MSELoss(reduction="sum")`: the *sum* of squared
  errors over the batch (not the mean);
- an optimizer, `torch.optim.SGD(model.parameters(), lr=lr)`, which performs
  `p <- p - lr * p.grad` for every parameter on `optimizer.step()`.

Each epoch is the four-beat loop: forward -> loss -> `zero_grad()` -> `backward()`
-> `step()`. Without `zero_grad()` the gradients of all past epochs pile up.

Data are column tensors of shape (N, 1), float32, e.g.
x = [[1.], [2.], [3.]], y = [[2.], [4.], [6.]].
"""

import torch


class LinearModel(torch.nn.Module):
    """`y_hat = self.linear(x)` with the attribute `linear = torch.nn.Linear(1, 1)`.

    `forward(x)`: x float32 of shape (N, 1) -> y_hat float32 of shape (N, 1).
    """

    def __init__(self) -> None:
        """Call `super().__init__()`, then set `self.linear = torch.nn.Linear(1, 1)`."""
        raise NotImplementedError("LinearModel is not implemented yet")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return `self.linear(x)`: (N, 1) -> (N, 1)."""
        raise NotImplementedError("LinearModel.forward is not implemented yet")


def train(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float = 0.01,
          epochs: int = 100) -> list[float]:
    """Full-batch training of `model` on `(x, y)`; returns the per-epoch losses.

    `x`, `y`: float32 tensors of shape (N, 1). Use
    `criterion = torch.nn.MSELoss(reduction="sum")` (sum, not mean) and
    `optimizer = torch.optim.SGD(model.parameters(), lr=lr)`. Each epoch:
        loss = criterion(model(x), y)     # forward on the whole batch
        losses.append(loss.item())        # recorded before the step
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    Returns `losses`, a list of `epochs` Python floats; `model` is trained in place.
    """
    raise NotImplementedError("train is not implemented yet")


if __name__ == "__main__":
    x = torch.tensor([[1.0], [2.0], [3.0]])
    y = torch.tensor([[2.0], [4.0], [6.0]])
    model = LinearModel()
    losses = train(model, x, y, epochs=1000)
    print("w =", model.linear.weight.item(), "b =", model.linear.bias.item())
    print("prediction for x = 4:", model(torch.tensor([[4.0]])).item())
