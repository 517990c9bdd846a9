"""Exercise `linear_model`: forward pass, loss and an exhaustive search for the weight.

The simplest model there is predicts `y_hat = x * w` from one input `x` and one
weight `w`. How good is a given `w`? Compare each prediction with its target `y`
through the squared error `(y_hat - y) ** 2`, and average over the data set: that
average is the mean squared error (MSE), the *cost* of `w`.

Before learning how to *descend* towards the best weight (next exercise), we simply
try many candidate weights, compute the MSE of each, and keep the smallest. Plotting
MSE against `w` shows the bowl that gradient descent will later roll down.

Check data: xs = [1, 2, 3], ys = [2, 4, 6] (so y = 2x); scanning
ws = 0.0, 0.1, ..., 4.0 finds the best weight 2.0, where the MSE is 0.

No torch is needed here: plain Python floats work, and so do numpy arrays and
torch tensors, because `*`, `-` and `**` act elementwise on all of them.
"""

import numpy as np
import torch


def forward(x: float | np.ndarray | torch.Tensor,
            w: float) -> float | np.ndarray | torch.Tensor:
    """Prediction of the linear model: `y_hat = x * w`.

    `x` is a float, a numpy array or a tensor; the product is elementwise, so the
    result has the type and shape of `x`.
    """
    raise NotImplementedError("forward is not implemented yet")


def loss(x: float | np.ndarray | torch.Tensor, y: float | np.ndarray | torch.Tensor,
         w: float) -> float | np.ndarray | torch.Tensor:
    """Squared error of one prediction: `(forward(x, w) - y) ** 2`.

    Elementwise like `forward`: the result has the type and shape of `x` (and `y`).
    Squared, not absolute: `abs(forward(x, w) - y)` is a different loss.
    """
    raise NotImplementedError("loss is not implemented yet")


def mse(xs: list[float], ys: list[float], w: float) -> float:
    """Mean squared error of weight `w` over the pairs `(xs[i], ys[i])`.

    `mse = (1/N) * sum_i (xs[i] * w - ys[i]) ** 2` with N = len(xs), i.e. the
    mean of `loss` over the pairs (the mean, not the sum). `xs` and `ys` are
    sequences of the same length N >= 1 (lists of floats; numpy arrays or 1-d
    tensors work too). Returns a Python float.
    """
    raise NotImplementedError("mse is not implemented yet")


def scan(xs: list[float], ys: list[float], ws: list[float]) -> list[float]:
    """The MSE of each candidate weight: `[mse(xs, ys, w) for w in ws]`.

    Returns a list of Python floats, one per candidate, in the order of `ws`.
    """
    raise NotImplementedError("scan is not implemented yet")


def best_weight(xs: list[float], ys: list[float], ws: list[float]) -> float:
    """The candidate `w` in `ws` with the smallest MSE, as a float.

    On ties the first such `w` (in the order of `ws`) wins.
    Example: xs=[1, 2, 3], ys=[2, 4, 6], ws=0.0..4.0 step 0.1 -> 2.0.
    """
    raise NotImplementedError("best_weight is not implemented yet")


if __name__ == "__main__":
    xs, ys = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
    ws = [i * 0.1 for i in range(41)]
    print("best weight:", best_weight(xs, ys, ws))
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        plt = None
    if plt is not None:
        plt.plot(ws, scan(xs, ys, ws))
        plt.xlabel("w")
        plt.ylabel("MSE")
        plt.show()
