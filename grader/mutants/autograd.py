"""Named mistakes of `autograd` (see the contract's misconceptions)."""

import torch

from grader.diagnose import Mutant


def _train_grad_not_zeroed(xs, ys, w=1.0, lr=0.01, epochs=100):
    weight = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    losses = []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * weight - y) ** 2
            l.backward()  # adds into weight.grad, which is never reset
            with torch.no_grad():
                weight -= lr * weight.grad
        losses.append(l.item())
    return weight.item(), losses


MUTANTS = [
    Mutant("autograd.grad_not_zeroed", "gradients never zeroed",
           "`backward()` *adds* the new gradient into `w.grad`; without `w.grad.zero_()` "
           "after each update, every step uses the sum of all past gradients, so the "
           "steps keep growing and w overshoots and oscillates instead of settling.",
           {"train_autograd": _train_grad_not_zeroed}),
]
