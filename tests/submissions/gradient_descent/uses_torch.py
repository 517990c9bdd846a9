# expect-status: graded
# expect-score: <10
# expect-message: torch.tensor
# Computes the cost through a torch helper: forbidden in this exercise.
import torch


def _as_tensors(xs, ys):
    return torch.tensor(xs, dtype=torch.float64), torch.tensor(ys, dtype=torch.float64)


def cost(xs, ys, w):
    x, y = _as_tensors(xs, ys)
    return ((x * w - y) ** 2).mean().item()


def gradient(xs, ys, w):
    return sum(2 * x * (x * w - y) for x, y in zip(xs, ys)) / len(xs)


def train_gd(xs, ys, w=1.0, lr=0.01, epochs=100):
    costs = []
    for _ in range(epochs):
        costs.append(cost(xs, ys, w))
        w = w - lr * gradient(xs, ys, w)
    return w, costs


def sample_gradient(x, y, w):
    return 2 * x * (x * w - y)


def train_sgd(xs, ys, w=1.0, lr=0.01, epochs=100):
    losses = []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            w = w - lr * sample_gradient(x, y, w)
        losses.append((x * w - y) ** 2)
    return w, losses
