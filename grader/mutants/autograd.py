"""Named mistakes of `autograd` (see the contract's misconceptions).

The mistakes of its family (`gradient_descent`, the same training by hand) are named
here too where they apply: gradient ascent, and the loss recorded after the update.
"""

import torch

from grader.judge.api import Mutant


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


def _train_gradient_ascent(xs, ys, w=1.0, lr=0.01, epochs=100):
    weight = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    losses = []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * weight - y) ** 2
            l.backward()
            with torch.no_grad():
                weight += lr * weight.grad  # climbs the slope
            assert weight.grad is not None  # backward() filled it
            weight.grad.zero_()
        losses.append(l.item())
    return weight.item(), losses


def _train_loss_after_update(xs, ys, w=1.0, lr=0.01, epochs=100):
    weight = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    losses = []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * weight - y) ** 2
            l.backward()
            with torch.no_grad():
                weight -= lr * weight.grad
            assert weight.grad is not None  # backward() filled it
            weight.grad.zero_()
        with torch.no_grad():
            losses.append(((x * weight - y) ** 2).item())  # recomputed after the update
    return weight.item(), losses


MUTANTS = [
    Mutant("autograd.grad_not_zeroed", "gradients never zeroed",
           "`backward()` *adds* the new gradient into `w.grad`; without `w.grad.zero_()` "
           "after each update, every step uses the sum of all past gradients, so the "
           "steps keep growing and w overshoots and oscillates instead of settling.",
           {"train_autograd": _train_grad_not_zeroed}),
    Mutant("autograd.gradient_ascent", "the update climbs the slope (gradient ascent)",
           "descend with `w -= lr * w.grad`: the gradient points uphill, so adding "
           "`lr * w.grad` makes the loss grow each step instead of shrink.",
           {"train_autograd": _train_gradient_ascent}),
    Mutant("autograd.loss_after_update", "loss recorded after the update",
           "`losses[i]` is the loss of the epoch's last sample computed *before* its "
           "update: keep the `l` you called `backward()` on and append `l.item()`. "
           "Recomputed after the update, every loss is one step late.",
           {"train_autograd": _train_loss_after_update}),
]
