"""Harnesses for the `nn.Module` exercises (linear_regression, logistic_regression,
perceptron's XOR network), and two small call helpers the plain harnesses lack.

A module harness builds the implementation's class, loads the grader's initial
weights *in parameter order* (`list(model.parameters())`: the contract fixes the
layers and their order, not their attribute names), calls the implementation's
`train(model, x, y, **train_kwargs)` and reports what came out. The weights come from
the suite, so student and reference start from the very same point.
"""

from __future__ import annotations

from typing import Any

import torch

from grader.engine.worker_side import tripwires
from grader.engine.worker_side.harness import require
from grader.wire.plain import from_plain

AUTOGRAD = ("torch.Tensor.backward", "torch.autograd.grad", "torch.autograd.backward")
XOR_POINTS = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))


class WeightShapeError(ValueError):
    """The model's parameters do not have the shapes of the exercise's layers."""


def _build(impl: Any, cls: str, init_args: list | tuple = ()) -> torch.nn.Module:
    return require(impl, cls)(*init_args)


def _shapes(model: torch.nn.Module) -> list[tuple[int, ...]]:
    return [tuple(param.shape) for param in model.parameters()]


def _load(model: torch.nn.Module, cls: str, weights: list[torch.Tensor] | None) -> None:
    """Copy `weights` into the model's parameters, in order; shapes must match."""
    if weights is None:
        return
    wanted = [tuple(weight.shape) for weight in weights]
    if _shapes(model) != wanted:
        raise WeightShapeError(
            f"the parameters of your {cls}, in order, have shapes {_shapes(model)}; the "
            f"exercise's layers give {wanted}: check the layer sizes and their order")
    with torch.no_grad():
        for param, weight in zip(model.parameters(), weights):
            param.copy_(weight)


def describe(impl: Any, cls: str, init_args: list | tuple = ()) -> dict:
    """Answers: `shapes` (parameter shapes, in order) and `attributes` (each direct
    submodule's name and class name)."""
    model = _build(impl, cls, init_args)
    children = {name: type(child).__name__ for name, child in model.named_children()}
    return {"shapes": [list(shape) for shape in _shapes(model)], "attributes": children}


def forward(impl: Any, cls: str, x: torch.Tensor, init_args: list | tuple = (),
            weights: list[torch.Tensor] | None = None) -> dict:
    """Answers: `output`, the model's `model(x)` (from `weights` when given)."""
    model = _build(impl, cls, init_args)
    _load(model, cls, weights)
    return {"output": model(x)}


def train(impl: Any, cls: str, x: torch.Tensor, y: torch.Tensor,
          init_args: list | tuple = (), weights: list[torch.Tensor] | None = None,
          train_kwargs: dict | None = None) -> dict:
    """Train the implementation's model with its own `train` from `weights`.

    Answers: `losses` (what `train` returned, as it returned it), `params` (the
    model's parameters afterwards, in order).
    """
    model = _build(impl, cls, init_args)
    _load(model, cls, weights)
    losses = require(impl, "train")(model, x, y, **(train_kwargs or {}))
    return {"losses": losses, "params": [param.detach().clone() for param in model.parameters()]}


def fit_predict(impl: Any, cls: str, x_train: torch.Tensor, y_train: torch.Tensor,
                x_test: torch.Tensor, init_args: list | tuple = (),
                train_kwargs: dict | None = None) -> dict:
    """Build the model (its own initialisation), train it, predict on `x_test`.

    The test labels never come here: the grader scores the predictions itself.
    Answers: `probabilities` (the model's output on `x_test`) and `losses`.
    """
    model = _build(impl, cls, init_args)
    losses = require(impl, "train")(model, x_train, y_train, **(train_kwargs or {}))
    with torch.no_grad():
        probabilities = model(x_test)  # (N_test, 1)
    return {"probabilities": probabilities, "losses": losses}


def xor_logits(impl: Any) -> dict:
    """Call `xor_model()` and apply it to the four XOR points (float32, (4, 2)).

    Answers: `logits` (flattened to (4,) when the output has 4 values), `shape` (the
    output's shape as returned).
    """
    model = require(impl, "xor_model")()
    points = torch.tensor(XOR_POINTS)  # (4, 2)
    with torch.no_grad():
        output = model(points)
    if not isinstance(output, torch.Tensor):
        return {"logits": output, "shape": None}
    shape = list(output.shape)
    return {"logits": output.reshape(-1) if output.numel() == 4 else output, "shape": shape}


def call_arrays(impl: Any, name: str, args: list | tuple = (), kwargs: dict | None = None,
                forbid: str | None = None) -> dict:
    """Like `calls.call`, but arguments may hold `{"__ndarray__": tensor}` markers
    (`grader.wire.plain.to_plain` of a numpy array), restored to numpy arrays before the
    call: numpy arrays themselves cannot cross the boundary as questions.

    Answers: `value` and `forbidden`.
    """
    function = require(impl, name)
    args, kwargs = from_plain(list(args)), from_plain(kwargs or {})
    with tripwires.watch(forbid) as calls:
        value = function(*args, **kwargs)
    return {"value": value, "forbidden": calls}


def autograd_call(impl: Any, name: str, args: list | tuple = (),
                  kwargs: dict | None = None) -> dict:
    """Call `impl.<name>(*args, **kwargs)` and note whether it used autograd.

    Answers: `value` and `autograd` (True when `backward()` or `torch.autograd.grad`
    ran during the call).
    """
    function = require(impl, name)
    with tripwires.watch("no_torch") as calls:
        value = function(*args, **(kwargs or {}))
    return {"value": value, "autograd": any(call in AUTOGRAD for call in calls)}
