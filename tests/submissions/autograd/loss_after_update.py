# expect-status: graded
# expect-score: <10
# expect-misconceptions: autograd.loss_after_update
# expect-message: train_autograd: values[0][1][0] differs
# Recomputes the loss after the update (the contract records it before).
import torch


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.tensor(w, requires_grad=True)
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * w - y) ** 2
            l.backward()
            with torch.no_grad():
                w -= lr * w.grad
            w.grad.zero_()
        with torch.no_grad():
            losses.append(((x * w - y) ** 2).item())
    return w.item(), losses


def quadratic_grads(x, y, w1, w2, b):
    w1 = torch.tensor(w1, requires_grad=True)
    w2 = torch.tensor(w2, requires_grad=True)
    b = torch.tensor(b, requires_grad=True)
    L = (w1 * x ** 2 + w2 * x + b - y) ** 2
    L.backward()
    return w1.grad.item(), w2.grad.item(), b.grad.item()
