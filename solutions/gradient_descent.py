"""Reference for `gradient_descent`: hand-derived gradients, batch GD and SGD.

Plain Python floats only: no torch anywhere.
"""


def cost(xs: list[float], ys: list[float], w: float) -> float:
    """Mean squared error of `y_hat = x * w`."""
    return sum((x * w - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def gradient(xs: list[float], ys: list[float], w: float) -> float:
    """d cost / dw = mean of `2 * x * (x * w - y)`."""
    return sum(2 * x * (x * w - y) for x, y in zip(xs, ys)) / len(xs)


def train_gd(xs: list[float], ys: list[float], w: float = 1.0, lr: float = 0.01,
             epochs: int = 100) -> tuple[float, list[float]]:
    """Batch gradient descent; `costs[i]` is the cost before epoch i's update."""
    costs = []
    for _ in range(epochs):
        costs.append(cost(xs, ys, w))
        w = w - lr * gradient(xs, ys, w)
    return float(w), costs


def sample_gradient(x: float, y: float, w: float) -> float:
    """d/dw of `(x * w - y) ** 2`."""
    return 2 * x * (x * w - y)


def _sample_loss(x: float, y: float, w: float) -> float:
    return (x * w - y) ** 2


def train_sgd(xs: list[float], ys: list[float], w: float = 1.0, lr: float = 0.01,
              epochs: int = 100) -> tuple[float, list[float]]:
    """Per-sample SGD; `losses[i]` is the last sample's loss after its update."""
    losses = []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            w = w - lr * sample_gradient(x, y, w)
        losses.append(float(_sample_loss(x, y, w)))
    return float(w), losses
