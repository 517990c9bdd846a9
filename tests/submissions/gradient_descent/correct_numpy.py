# expect-status: graded
# expect-score: =10
# numpy instead of loops (numpy is allowed, torch is not).
import numpy as np
import torch  # imported but never called inside the graded functions


def cost(xs, ys, w):
    xs, ys = np.asarray(xs), np.asarray(ys)
    return float(np.mean((xs * w - ys) ** 2))


def gradient(xs, ys, w):
    xs, ys = np.asarray(xs), np.asarray(ys)
    return float(np.mean(2 * xs * (xs * w - ys)))


def train_gd(xs, ys, w=1.0, lr=0.01, epochs=100):
    history = [0.0] * epochs
    for i in range(epochs):
        history[i] = cost(xs, ys, w)
        w = w - lr * gradient(xs, ys, w)
    return float(w), history


def sample_gradient(x, y, w):
    return float(2.0 * x * (w * x - y))


def train_sgd(xs, ys, w=1.0, lr=0.01, epochs=100):
    losses = []
    for _ in range(epochs):
        for i in range(len(xs)):
            w -= lr * sample_gradient(xs[i], ys[i], w)
        losses.append(float((xs[-1] * w - ys[-1]) ** 2))
    return float(w), losses


if __name__ == "__main__":
    print(train_gd([1.0, 2.0, 3.0], [2.0, 4.0, 6.0])[0], torch.__version__)
