# expect-status: graded
# expect-score: =10
# Correct, numpy throughout and never converted: np.float64 costs and weights, and
# train_sgd returns its losses as a numpy array.
import numpy as np

def cost(xs, ys, w):
    xs, ys = np.array(xs), np.array(ys)
    return np.mean((xs * w - ys) ** 2)

def gradient(xs, ys, w):
    xs, ys = np.array(xs), np.array(ys)
    return np.mean(2 * xs * (xs * w - ys))

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
        losses.append((xs[-1] * w - ys[-1]) ** 2)
    return w, np.array(losses)
