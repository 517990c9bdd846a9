"""Graded suite for `mlp`: the student's MLP, trained once, judged on held-out images.

How the training runs (`grader.engine.worker_side.harness.training.fit`, in the worker): the student's
`build_model(input_shape, num_classes)`, then `train(model, loader, device, epochs=20)`
with a DataLoader of batch size 64 shuffled by a generator seeded with SEED (0), after
`torch.manual_seed(0)` (the worker also seeds `random` and numpy), on "cuda" when the
worker sees a GPU, else "cpu". Every test shares that one run (`check.student_once`).

What crosses the boundary: the training images and labels and the held-out *images*.
The held-out labels stay in this process, which computes the accuracy itself from the
predicted classes the worker sends back.

Scoring: the accuracy test carries 7 of the 10 points, with partial credit
    credit = clamp((accuracy - 0.10) / (target - 0.10), 0, 1),  target = 0.95
(0.10 is chance level for 10 classes: full credit at or above the target, none at or
below chance, linear in between). The target leaves room for correct variants: the
reference reaches 0.984 on the default digits on CPU, the correct student variants under
tests/submissions/mlp 0.97 or more. On MNIST (TORCHGRADE_DATA) the same target applies.
No other tolerance is involved: the run is seeded, one CPU thread, so a submission gets
the same accuracy every time on the same device.

Time: the training budget per device is in the catalog (`Exercise.budgets_s`). When it
is spent, each later pass over the loader gives one batch, so an epoch loop returns
its losses within moments (the accuracy is then that of the model trained so far); a
`train` still running a tenth of the budget (at least 2 s) later is stopped and its
model judged as it was; a training stuck elsewhere is killed at the call limit
(outcome `timeout`).

Misconceptions (`mlp.softmax_before_cross_entropy`, `mlp.zero_grad_missing`,
`mlp.not_on_device`) are named from the harness's probes (see `findings`), with the
hints of grader/mutants/mlp.py; they never change points.

The cnn suite reuses the helpers of this module: they are the training half of both.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass

import numpy
import pytest
import torch

from grader.judge.api import (DATA_ENV_VAR, ImageSplit, StudentError, grace_s, load_images,
                              mutants_of)

SEED = 0
EPOCHS = 20
BATCH_SIZE = 64
CHANCE = 0.10  # accuracy of guessing among 10 classes
GPU_MEMORY_FRACTION = 0.25  # of the GPU's memory, per worker
EVALUATION_MARGIN_S = 30.0  # beyond the budget: loading the data, predicting
TARGET = 0.95
STALE_BACKWARD_SHARE = 0.9  # of backward calls (after the first) with old gradients


# ---- the data and what the worker gets ---------------------------------------------

@functools.lru_cache(maxsize=2)
def _images(data_dir: str | None) -> tuple[ImageSplit, dict]:
    data = load_images(data_dir)
    x_train, scale = as_levels(data.x_train)
    x_test, test_scale = as_levels(data.x_test)
    if test_scale != scale:  # one split exact in uint8, the other not: send floats
        x_train, x_test, scale = data.x_train, data.x_test, 1.0
    inputs = {"x_train": x_train, "y_train": data.y_train, "x_test": x_test, "scale": scale,
              "input_shape": list(data.input_shape), "num_classes": data.num_classes}
    return data, inputs


def images() -> tuple[ImageSplit, dict]:
    """The image split ($TORCHGRADE_DATA or the digits) and the data part of the
    worker's inputs (no held-out labels), loaded once per process and data folder."""
    return _images(os.environ.get(DATA_ENV_VAR) or None)


def as_levels(pixels: torch.Tensor) -> tuple[torch.Tensor, float]:
    """(uint8 levels, scale) with levels / scale == pixels exactly, when there are
    such levels (MNIST: 255, the digits: 16); else (pixels, 1.0) unchanged."""
    for scale in (255.0, 16.0):
        levels = torch.round(pixels * scale)
        if levels.min() >= 0 and levels.max() <= 255 \
                and torch.equal(levels.to(torch.uint8).float() / scale, pixels):
            return levels.to(torch.uint8), scale
    return pixels, 1.0


def fit_inputs(exercise) -> dict:
    """Everything `training.fit` gets: the training split, the held-out images, and
    how to train. Never the held-out labels."""
    _, data_inputs = images()
    return {**data_inputs, "epochs": EPOCHS, "batch_size": BATCH_SIZE, "seed": SEED,
            "budgets_s": dict(exercise.budgets_s),
            "gpu_memory_fraction": GPU_MEMORY_FRACTION}


# ---- scoring --------------------------------------------------------------------------

def credit(accuracy: float, target: float) -> float:
    """Fraction of the accuracy test's points: linear from chance (0) to target (1)."""
    return min(max((accuracy - CHANCE) / (target - CHANCE), 0.0), 1.0)


def formula(target: float) -> str:
    return (f"credit = clamp((accuracy - {CHANCE:.2f}) / ({target:.2f} - {CHANCE:.2f}), "
            f"0, 1): full at accuracy >= {target:.2f}, none at <= {CHANCE:.2f} (chance)")


def budget_text(exercise) -> str:
    return ", ".join(f"{seconds:g} s on {device}" for device, seconds in exercise.budgets_s)


def findings(answers: dict) -> list[str]:
    """The misconceptions (id suffixes) the training probes show."""
    probes, found = answers["probes"], []
    calls = probes["cross_entropy_calls"]
    if calls and probes["cross_entropy_on_probabilities"] * 2 > calls:
        found.append("softmax_before_cross_entropy")
    later = probes["backward_calls"] - 1  # the first backward always starts clean
    if later >= 2 and probes["stale_grad_backwards"] >= STALE_BACKWARD_SHARE * later:
        found.append("zero_grad_missing")
    if answers["device"] == "cuda" and (
            answers["params_on_device"] is False or probes["forward_inputs_off_device"]
            or probes["forward_params_off_device"]):
        found.append("not_on_device")
    return found


@dataclass
class Trained:
    """The student's training run as the trusted side sees it."""

    answers: dict
    data: ImageSplit
    accuracy: float | None
    budget_s: float

    @property
    def device(self) -> str:
        return self.answers["device"]

    def where(self) -> str:
        return (f"seed {SEED}, {self.device}, {self.answers['train_seconds']:.1f} s of "
                f"training (budget {self.budget_s:g} s on {self.device})")


def trained(check, target: float) -> Trained:
    """The one training run of this grading, judged; records the result's training
    facts and the probes' misconceptions the first time."""
    exercise = check.suite_run.exercise
    longest = max(seconds for _, seconds in exercise.budgets_s)
    limit = min(exercise.call_limit_s, longest + grace_s(longest) + EVALUATION_MARGIN_S)
    answers = check.student_once("training.fit", fit_inputs(exercise), seed=SEED,
                                 timeout_s=limit)
    data, _ = images()
    accuracy = None if answers.get("train_error") else _accuracy(answers.get("predictions"),
                                                                 data.y_test)
    run = Trained(answers, data, accuracy, float(answers.get("budget_s", 0.0)))
    first = not check.suite_run.training
    check.record_training(
        losses=_losses_as_floats(answers.get("losses")), accuracy=accuracy, target=target,
        device=run.device, train_seconds=round(float(answers["train_seconds"]), 3),
        seed=SEED, formula=formula(target), data=data.name, epochs=EPOCHS,
        batch_size=BATCH_SIZE, time_budget=budget_text(exercise),
        batches_trained=int(answers.get("batches_trained", 0)))
    if budget_note(run):
        check.record_training(budget_used_up=budget_note(run))
    hints = {mutant.id: mutant for mutant in mutants_of(exercise.stem)}
    for suffix in findings(answers) if first else ():  # named once, by the first test
        mutant = hints[f"{exercise.stem}.{suffix}"]
        check.misconception(mutant.id, mutant.title, mutant.hint)
    return run


def _accuracy(predictions, labels: torch.Tensor) -> float | None:
    """Share of held-out labels predicted; None when no usable predictions came back."""
    if not isinstance(predictions, torch.Tensor) or predictions.shape != labels.shape \
            or predictions.is_floating_point() or predictions.is_complex():
        return None
    return (predictions.long() == labels).float().mean().item()


def _losses_as_floats(losses) -> list:
    if isinstance(losses, numpy.ndarray) and losses.ndim == 1:
        losses = losses.tolist()
    if not isinstance(losses, (list, tuple)):
        return []
    return [_number(value) for value in losses]


def _number(value) -> float | None:
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        value = value.item()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def budget_note(run: Trained) -> str:
    """What the time budget did to this training, in words ('' when it had enough)."""
    truncated, stopped = run.answers.get("truncated_at_batch"), run.answers["stopped_at_budget"]
    if truncated is None and not stopped:
        return ""
    note = f"training used up its budget of {run.budget_s:g} s on {run.device}"
    if truncated is not None:
        note += (f" after {truncated} batches, so each later pass over the loader gave "
                 f"one batch")
    if stopped:
        note += (f"; `train` was still running {grace_s(run.budget_s):g} s later and "
                 f"was stopped, so the model is graded as it was then")
    return note


def _raise_train_error(run: Trained) -> None:
    if run.answers.get("train_error"):
        raise StudentError(run.answers["train_error"])


# ---- the checks both training suites make -------------------------------------------

def check_accuracy(check, target: float) -> None:
    run = trained(check, target)
    _raise_train_error(run)
    if run.answers.get("predict_error"):
        error = run.answers["predict_error"]
        raise StudentError({**error, "message": f"{error['message']} (while predicting the "
                                                f"held-out images in eval mode)"})
    num_classes = run.data.num_classes
    shape = run.answers.get("logits_shape")
    if not shape or shape[1] != num_classes:
        raise AssertionError(f"your model returns outputs of shape {tuple(shape or ())} for "
                             f"a batch of held-out images; expected (N, {num_classes}): "
                             f"one logit per class")
    if run.accuracy is None:
        raise AssertionError("the predictions that came back from your process are "
                             "malformed, so no accuracy can be computed")
    note = f"{budget_note(run).capitalize()}. " if budget_note(run) else ""
    fraction = credit(run.accuracy, target)
    check.award(fraction, f"{note}test accuracy {run.accuracy:.4f} on held-out images, "
                          f"below the target {target:.2f}, so {fraction:.3f} of the points: "
                          f"{formula(target)}. Trained with {run.where()}.")


def check_losses(check, target: float) -> None:
    run = trained(check, target)
    _raise_train_error(run)
    if run.answers["stopped_at_budget"]:
        raise AssertionError(f"`train` did not return within its budget of "
                             f"{run.budget_s:g} s on {run.device} (and "
                             f"{grace_s(run.budget_s):g} s of grace with one batch "
                             f"per pass over the loader), so it returned no losses: does "
                             f"the loop count steps rather than epochs over the loader?")
    losses = run.answers.get("losses")
    if isinstance(losses, numpy.ndarray) and losses.ndim == 1:
        losses = losses.tolist()  # a NumPy array of losses is a fine list of them
    if not isinstance(losses, (list, tuple)):
        raise AssertionError(f"`train` should return a list of {EPOCHS} floats (each "
                             f"epoch's mean batch loss), got {_what(losses)}"
                             + (": did you forget `return losses`?" if losses is None else ""))
    if len(losses) != EPOCHS:
        raise AssertionError(f"`train` was called with epochs={EPOCHS} and returned "
                             f"{len(losses)} values; expected one mean loss per epoch, "
                             f"appended once after each epoch's batches")
    for epoch, value in enumerate(losses, start=1):
        number = _number(value)
        if number is None:
            raise AssertionError(f"the loss of epoch {epoch} is {_what(value)}, not a "
                                 f"number: use `loss.item()` for a batch's loss")
        if not math.isfinite(number):
            raise AssertionError(f"the loss of epoch {epoch} is {number}: the training "
                                 f"diverged (is the learning rate far too high?)")


def check_logits(check, target: float) -> None:
    run = trained(check, target)
    if run.answers.get("predict_error"):
        raise StudentError(run.answers["predict_error"])
    assert not run.answers["outputs_are_probabilities"], (
        "your model's outputs are probabilities (every row in [0, 1], summing to 1): "
        "build_model should return logits, with no softmax at the end. "
        "nn.CrossEntropyLoss applies log-softmax itself, and argmax of the logits "
        "already gives the predicted class")


def check_on_device(check, target: float) -> None:
    run = trained(check, target)
    assert run.answers["params_on_device"], (
        f"after `train`, the model's parameters are not on the device it was given "
        f"({run.device}): call `model.to(device)` at the start of `train`, before "
        f"creating the optimizer, and move each batch with `.to(device)`")


def _what(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


# ---- the tests -------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(7)
def test_accuracy_on_held_out_images(check):
    """Accuracy of the trained model on held-out images (full credit at 0.95)."""
    check_accuracy(check, TARGET)


@pytest.mark.public
@pytest.mark.points(1)
def test_train_returns_one_loss_per_epoch(check):
    """`train` returns a list of `epochs` finite floats."""
    check_losses(check, TARGET)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_model_returns_logits(check):
    """The model's outputs are logits, not probabilities (no public test looks at them): no softmax at the end."""
    check_logits(check, TARGET)


@pytest.mark.hidden
@pytest.mark.points(1)
def test_model_is_on_the_device(check):
    """After `train`, the model's parameters are on the device `train` was given (the public tests do not check): `model.to(device)`."""
    check_on_device(check, TARGET)
