"""Exercise `gradient_descent`: derive the gradient by hand, then descend (GD and SGD).

Model `y_hat = x * w`, cost = mean squared error over the N pairs:

    cost(w)     = (1/N) * sum_i (x_i * w - y_i) ** 2
    d cost / dw = (1/N) * sum_i 2 * x_i * (x_i * w - y_i)

Gradient descent repeats `w <- w - lr * gradient(w)`: a step *against* the slope,
downhill. Batch gradient descent (GD) uses the gradient of the whole data set once
per epoch. Stochastic gradient descent (SGD) updates after *each* sample, using the
gradient of that sample's loss alone, `2 * x * (x * w - y)`: N noisier but cheaper
steps per epoch.

Forbidden: torch (no tensors, no autograd): the point is to derive the gradient
yourself. Use plain Python floats and lists; `xs` and `ys` are lists of floats.

Check data: xs = [1, 2, 3], ys = [2, 4, 6]; starting from w = 1.0 both methods
approach w = 2.0.
"""


def cost(xs: list[float], ys: list[float], w: float) -> float:
    """Mean squared error: `(1/N) * sum_i (xs[i] * w - ys[i]) ** 2` (mean, not sum).

    `xs`, `ys`: lists of N >= 1 floats. Returns a float. No torch.
    """
    raise NotImplementedError("cost is not implemented yet")


def gradient(xs: list[float], ys: list[float], w: float) -> float:
    """Derivative of `cost` with respect to `w`.

    `gradient = (1/N) * sum_i 2 * xs[i] * (xs[i] * w - ys[i])`.
    Mind the factor 2 and the mean (not the sum). Returns a float. No torch.
    """
    raise NotImplementedError("gradient is not implemented yet")


def train_gd(xs: list[float], ys: list[float], w: float = 1.0, lr: float = 0.01,
             epochs: int = 100) -> tuple[float, list[float]]:
    """Batch gradient descent; returns `(w, costs)`.

    For each of the `epochs` epochs, in this order:
        costs.append(cost(xs, ys, w))     # recorded *before* the update
        w = w - lr * gradient(xs, ys, w)  # minus: descend, not ascend
    `costs[i]` is the cost before the update of epoch i, so `costs[0]` is the cost
    of the starting weight and `len(costs) == epochs`. Returns the final `w` as a
    float and `costs` as a list of floats. No torch.
    """
    raise NotImplementedError("train_gd is not implemented yet")


def sample_gradient(x: float, y: float, w: float) -> float:
    """Derivative of one sample's loss `(x * w - y) ** 2`: `2 * x * (x * w - y)`.

    Returns a float. No torch.
    """
    raise NotImplementedError("sample_gradient is not implemented yet")


def train_sgd(xs: list[float], ys: list[float], w: float = 1.0, lr: float = 0.01,
              epochs: int = 100) -> tuple[float, list[float]]:
    """Stochastic gradient descent, one update per sample; returns `(w, losses)`.

    For each epoch, for each pair `(x, y)` of `xs`, `ys` in order:
        w = w - lr * sample_gradient(x, y, w)
    Then `losses[i]` is the loss `(x * w - y) ** 2` of the epoch's *last* sample,
    computed *after* that sample's update (with the new `w`). So
    `len(losses) == epochs`. Returns the final `w` as a float and `losses` as a
    list of floats. No torch.
    """
    raise NotImplementedError("train_sgd is not implemented yet")


if __name__ == "__main__":
    xs, ys = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
    w_gd, costs = train_gd(xs, ys)
    w_sgd, losses = train_sgd(xs, ys)
    print(f"GD:  w = {w_gd:.4f}, final cost = {costs[-1]:.6f}")
    print(f"SGD: w = {w_sgd:.4f}, final loss = {losses[-1]:.6f}")
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        plt = None
    if plt is not None:
        plt.plot(costs, label="GD cost")
        plt.plot(losses, label="SGD loss")
        plt.xlabel("epoch")
        plt.legend()
        plt.show()
