# expect-status: graded
# expect-score: <10
# expect-message: your code uses torch.tensor in `_mean_squared` (line 11, reached from `cost`)
# Computes the cost with torch from a worker thread, through names bound at import:
# the worker's per-thread profiler hook never saw it.
from concurrent.futures import ThreadPoolExecutor
from torch import tensor


def _mean_squared(xs, ys, w):
    return float(((tensor(xs) * w - tensor(ys)) ** 2).mean())


def cost(xs, ys, w):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_mean_squared, xs, ys, w).result()


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
