"""Reference for `autograd`: per-sample SGD with `backward()`; a quadratic's gradient."""

import torch


def train_autograd(xs: list[float], ys: list[float], w: float = 1.0, lr: float = 0.01,
                   epochs: int = 100) -> tuple[float, list[float]]:
    """Per-sample SGD; `losses[i]` is the last sample's loss before its update."""
    weight = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    losses = []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * weight - y) ** 2
            l.backward()
            with torch.no_grad():
                weight -= lr * weight.grad
            weight.grad.zero_()
        losses.append(l.item())
    return weight.item(), losses


def quadratic_grads(x: float, y: float, w1: float, w2: float,
                    b: float) -> tuple[float, float, float]:
    """`(dL/dw1, dL/dw2, dL/db)` of `L = (w1*x**2 + w2*x + b - y)**2`, by autograd."""
    t1, t2, tb = (torch.tensor(float(v), dtype=torch.float64, requires_grad=True)
                  for v in (w1, w2, b))
    L = (t1 * x ** 2 + t2 * x + tb - y) ** 2
    L.backward()
    return t1.grad.item(), t2.grad.item(), tb.grad.item()
