"""Reference for `linear_model`: forward pass, squared error and exhaustive search."""

import numpy as np
import torch


def forward(x: float | np.ndarray | torch.Tensor,
            w: float) -> float | np.ndarray | torch.Tensor:
    """`y_hat = x * w`, elementwise."""
    return x * w


def loss(x: float | np.ndarray | torch.Tensor, y: float | np.ndarray | torch.Tensor,
         w: float) -> float | np.ndarray | torch.Tensor:
    """Squared error `(forward(x, w) - y) ** 2`, elementwise."""
    return (forward(x, w) - y) ** 2


def mse(xs: list[float], ys: list[float], w: float) -> float:
    """Mean of `loss` over the pairs, as a Python float."""
    total = sum(loss(x, y, w) for x, y in zip(xs, ys))
    return float(total / len(xs))


def scan(xs: list[float], ys: list[float], ws: list[float]) -> list[float]:
    """`mse` of each candidate weight, in order."""
    return [mse(xs, ys, w) for w in ws]


def best_weight(xs: list[float], ys: list[float], ws: list[float]) -> float:
    """The first candidate of smallest MSE."""
    costs = scan(xs, ys, ws)
    best = min(range(len(costs)), key=costs.__getitem__)  # min keeps the first on ties
    return float(ws[best])
