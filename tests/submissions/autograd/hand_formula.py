# expect-status: graded
# expect-score: <10
# expect-message: never calls backward()
# Right numbers, but the quadratic's gradient is written by hand.
import torch


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * w - y) ** 2
            l.backward()
            with torch.no_grad():
                w -= lr * w.grad
                w.grad.zero_()
        losses.append(l.item())
    return w.item(), losses


def quadratic_grads(x, y, w1, w2, b):
    r = w1 * x ** 2 + w2 * x + b - y
    return 2 * r * x ** 2, 2 * r * x, 2 * r
