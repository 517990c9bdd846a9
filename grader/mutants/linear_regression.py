"""Named mistakes of `linear_regression` (see the contract's misconceptions).

`loss_after_step` is its family's (the manual-gradient exercises' cost recorded after
the update), named in every `nn.Module` training exercise with full-batch losses.
"""

import torch

from grader.judge.api import Mutant


def _train_without_zero_grad(model, x, y, lr=0.01, epochs=100):
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        loss.backward()  # adds to the gradients of all earlier epochs
        optimizer.step()
    return losses


def _train_mean_reduction(model, x, y, lr=0.01, epochs=100):
    criterion = torch.nn.MSELoss()  # mean over the batch
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


def _train_loss_after_step(model, x, y, lr=0.01, epochs=100):
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(criterion(model(x), y).item())  # evaluated after the step
    return losses


MUTANTS = [
    Mutant("linear_regression.zero_grad_missing", "zero_grad() missing",
           "`loss.backward()` adds into each parameter's `.grad`; call "
           "`optimizer.zero_grad()` every epoch (before `backward()`), or each step uses "
           "the sum of all past gradients and training overshoots and oscillates.",
           {"train": _train_without_zero_grad}),
    Mutant("linear_regression.mean_reduction", "mean instead of sum reduction",
           "this exercise uses `torch.nn.MSELoss(reduction=\"sum\")`: the default "
           "(`reduction=\"mean\"`) divides the loss and its gradients by N, so with the "
           "same learning rate every step is N times shorter and the losses are N times "
           "smaller.",
           {"train": _train_mean_reduction}),
    Mutant("linear_regression.loss_after_step", "loss recorded after the step",
           "each epoch's loss is the one computed *before* `optimizer.step()` (the loss "
           "you call `backward()` on): append `loss.item()` then. Evaluated again after "
           "the step, every loss is one epoch late and the first one is never recorded.",
           {"train": _train_loss_after_step}),
]
