# expect-status: graded
# expect-score: <10
# expect-message: uses torch.Tensor in `cost` (line 9), which this exercise forbids
# Builds tensors with the legacy constructor torch.Tensor(...) and returns them.
import torch


def cost(xs, ys, w):
    x, y = torch.Tensor(xs).double(), torch.Tensor(ys).double()
    return ((x * w - y) ** 2).mean()


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
