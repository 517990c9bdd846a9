"""Named mistakes of `logistic_regression`.

The mistakes of its family (the `nn.Module` training exercises) are named here too:
zero_grad missing, as in `linear_regression` and `mlp`; and `bce_sum`, the mistake
students carry over from `linear_regression` (which uses a summed loss); and the loss
recorded after the step, as in `linear_regression`.
"""

import torch

from grader.judge.api import Mutant


def _train_bce_sum(model, x, y, lr=0.1, epochs=100):
    criterion = torch.nn.BCELoss(reduction="sum")  # should be the mean over the batch
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


def _train_without_zero_grad(model, x, y, lr=0.1, epochs=100):
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        loss.backward()  # adds to the gradients of all earlier epochs
        optimizer.step()
    return losses


def _train_loss_after_step(model, x, y, lr=0.1, epochs=100):
    criterion = torch.nn.BCELoss()
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
    Mutant("logistic_regression.zero_grad_missing", "zero_grad() missing",
           "`loss.backward()` adds into each parameter's `.grad`; call "
           "`optimizer.zero_grad()` every epoch (before `backward()`), or each step uses "
           "the sum of all past gradients and training overshoots and oscillates.",
           {"train": _train_without_zero_grad}),
    Mutant("logistic_regression.bce_sum", "BCE summed instead of averaged",
           "this exercise uses `torch.nn.BCELoss()`, whose default reduction is the mean "
           "over the batch: with `reduction=\"sum\"` the loss and its gradients are N "
           "times larger, so with the same learning rate each SGD step is N times "
           "longer and the sigmoids saturate.",
           {"train": _train_bce_sum}),
    Mutant("logistic_regression.loss_after_step", "loss recorded after the step",
           "each epoch's loss is the one computed *before* `optimizer.step()` (the loss "
           "you call `backward()` on): append `loss.item()` then. Evaluated again after "
           "the step, every loss is one epoch late and the first one is never recorded.",
           {"train": _train_loss_after_step}),
]
