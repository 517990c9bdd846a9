"""Named mistakes of `mlp` (the contract's misconceptions), as mutants of `train`.

A training exercise is not judged by comparing curves with the reference: the suite's
probes (grader.engine.worker_side.harness.training) notice each mistake while the student's `train` runs,
and the suite names it with the id, title and hint below. The mutants are the
reference's `train` with exactly that mistake; the project's tests run them through
the harness to prove each probe fires for its mistake and for no other. `cnn` shares
these training loops (grader/mutants/cnn.py).
"""

import torch
from torch import nn

from grader.judge.api import Mutant


def _train(model, loader, device, epochs=10, softmax=False, zero_grad=True, move=True):
    """The reference's `train`, with one of the three mistakes switched on."""
    if move:
        model.to(device)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, epochs))
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(epochs):
        total, batches = 0.0, 0
        for images, labels in loader:
            if move:
                images, labels = images.to(device), labels.to(device)
            if zero_grad:
                optimizer.zero_grad()
            outputs = model(images)  # (B, classes) logits
            if softmax:
                outputs = torch.softmax(outputs, dim=1)  # the mistake: probabilities
            loss = loss_fn(outputs, labels)
            loss.backward()
            optimizer.step()
            total, batches = total + loss.item(), batches + 1
        schedule.step()
        losses.append(total / max(1, batches))
    return losses


def train_softmax_before_cross_entropy(model, loader, device, epochs=10):
    return _train(model, loader, device, epochs, softmax=True)


def train_zero_grad_missing(model, loader, device, epochs=10):
    return _train(model, loader, device, epochs, zero_grad=False)


def train_not_on_device(model, loader, device, epochs=10):
    return _train(model, loader, device, epochs, move=False)


SOFTMAX_HINT = (
    "`nn.CrossEntropyLoss` takes the raw logits and applies log-softmax itself. Feeding "
    "it softmax outputs squashes the scores twice: the loss can never fall much below "
    "~1.46 (10 classes), its gradients shrink as the model grows confident, and learning "
    "slows or stalls. Return logits from the model and pass them straight to the loss; "
    "use softmax only to show probabilities, never before the loss.")
ZERO_GRAD_HINT = (
    "`loss.backward()` *adds* the new gradients to `.grad`. Without "
    "`optimizer.zero_grad()` once per batch (before `backward`), each step uses the sum "
    "of all past gradients: the steps grow and point in stale directions. Call "
    "`optimizer.zero_grad()` -> `loss.backward()` -> `optimizer.step()` for every batch.")
DEVICE_HINT = (
    "`train` gets a `device` (\"cuda\" on a GPU machine): move the model once with "
    "`model.to(device)` before creating the optimizer, and every batch with "
    "`images.to(device)`, `labels.to(device)`. A model on the GPU cannot read tensors "
    "still on the CPU (and a model left on the CPU leaves the GPU idle).")


def mutants(stem: str) -> list[Mutant]:
    """The three training mistakes of exercise `stem` (`mlp` or `cnn`)."""
    return [
        Mutant(f"{stem}.softmax_before_cross_entropy", "softmax before CrossEntropyLoss",
               SOFTMAX_HINT, {"train": train_softmax_before_cross_entropy}),
        Mutant(f"{stem}.zero_grad_missing", "gradients never reset (zero_grad missing)",
               ZERO_GRAD_HINT, {"train": train_zero_grad_missing}),
        Mutant(f"{stem}.not_on_device", "model or batches left off the device",
               DEVICE_HINT, {"train": train_not_on_device}, devices=("cuda",)),
    ]


MUTANTS = mutants("mlp")
