"""Exercise `logistic_regression`: multi-dimensional input, binary classification.

Each sample now has `in_features` numbers (a row of a table: age, blood pressure,
...) and a label 0 or 1. The model maps the row to a *probability* of class 1:
stacked linear layers, each followed by a sigmoid `1 / (1 + exp(-z))`, which
squashes any real number into (0, 1):

    x (N, in_features) -> Linear(in_features, 6) -> Sigmoid
                       -> Linear(6, 4)           -> Sigmoid
                       -> Linear(4, 1)           -> Sigmoid -> p (N, 1)

Probabilities are scored with the binary cross-entropy
`BCE = -mean_i [ y_i * log(p_i) + (1 - y_i) * log(1 - p_i) ]`
(`torch.nn.BCELoss()`, mean reduction), and minimised with full-batch SGD.
Predict class 1 when `p >= 0.5`.
"""

import torch


class BinaryClassifier(torch.nn.Module):
    """Three linear layers, each followed by a sigmoid; outputs probabilities.

    Attributes (create them in `__init__`, in this order, so that seeding torch gives
    the same initial weights as the reference):
        self.linear1 = torch.nn.Linear(in_features, 6)
        self.linear2 = torch.nn.Linear(6, 4)
        self.linear3 = torch.nn.Linear(4, 1)
        self.sigmoid = torch.nn.Sigmoid()
    `forward(x)`: x float32 (N, in_features) -> probabilities float32 (N, 1), each in
    (0, 1): `sigmoid(linear3(sigmoid(linear2(sigmoid(linear1(x))))))`.
    """

    def __init__(self, in_features: int = 8) -> None:
        """Call `super().__init__()`, then create the layers listed above."""
        raise NotImplementedError("BinaryClassifier is not implemented yet")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, in_features) -> (N, 1) probabilities (the last sigmoid included)."""
        raise NotImplementedError("BinaryClassifier.forward is not implemented yet")


def train(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float = 0.1,
          epochs: int = 100) -> list[float]:
    """Full-batch training with `BCELoss` (mean) and SGD; returns the per-epoch losses.

    `x`: float32 (N, in_features); `y`: float32 (N, 1) of 0s and 1s. Use
    `criterion = torch.nn.BCELoss()` and
    `optimizer = torch.optim.SGD(model.parameters(), lr=lr)`. Each epoch:
        loss = criterion(model(x), y)
        losses.append(loss.item())        # recorded before the step
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    Returns `losses`, a list of `epochs` Python floats; `model` is trained in place.
    """
    raise NotImplementedError("train is not implemented yet")


if __name__ == "__main__":
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(200, 8, generator=generator)
    y = (x[:, :1] + x[:, 1:2] > 0).float()  # a toy rule to learn
    model = BinaryClassifier()
    losses = train(model, x, y, lr=1.0, epochs=500)
    accuracy = ((model(x) >= 0.5).float() == y).float().mean().item()
    print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f}, training accuracy {accuracy:.2f}")
