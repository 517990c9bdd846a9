# expect-status: graded
# expect-score: <10
# expect-message: train_autograd: values[0][0] differs
# Wrong (no named mistake): the gradient is zeroed once per epoch, not after every
# sample's update, so it accumulates within an epoch only.
import torch


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = (w * x - y) ** 2
            l.backward()
            with torch.no_grad():
                w -= lr * w.grad
        w.grad.zero_()
        losses.append(l.item())
    return w.item(), losses


def quadratic_grads(x, y, w1, w2, b):
    w1 = torch.tensor(float(w1), requires_grad=True)
    w2 = torch.tensor(float(w2), requires_grad=True)
    b = torch.tensor(float(b), requires_grad=True)
    L = (w1 * x ** 2 + w2 * x + b - y) ** 2
    L.backward()
    return w1.grad.item(), w2.grad.item(), b.grad.item()
