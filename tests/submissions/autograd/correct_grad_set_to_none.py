# expect-status: graded
# expect-score: =10
# Correct, another style: float32 0-d weight, sub_ under no_grad, grad reset to None;
# quadratic_grads packs the three parameters in one float64 tensor.
import torch


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.tensor(float(w), requires_grad=True)
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = (w * x - y) ** 2
            last = float(l)
            l.backward()
            with torch.no_grad():
                w.sub_(lr * w.grad)
            w.grad = None
        losses.append(last)
    return float(w), losses


def quadratic_grads(x, y, w1, w2, b):
    p = torch.tensor([w1, w2, b], dtype=torch.float64, requires_grad=True)
    L = (p[0] * x ** 2 + p[1] * x + p[2] - y) ** 2
    L.backward()
    return tuple(p.grad.tolist())
