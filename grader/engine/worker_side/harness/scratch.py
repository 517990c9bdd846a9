"""Harnesses for the from-scratch exercises: raw parameters, forward and backward.

`init_params` reports what an implementation's `init_params` built (shapes, dtypes,
`requires_grad` and leaf flags as booleans, since answers cross the boundary detached)
and whether the same generator seed gives the same tensors. `forward` builds the
parameters itself from the given tensors, runs `net` and backpropagates a given output
gradient. `gradient` calls a loss and reports the gradient with respect to one input.
Inputs are plain data (a seed, never a `torch.Generator`).
"""

from __future__ import annotations

from typing import Any

import torch

from grader.engine.worker_side import tripwires
from grader.engine.worker_side.harness import require


SCALE_BAND = (5e-4, 3.0)  # a sane standard deviation for initial weights


def _generator(seed: int | None) -> torch.Generator | None:
    return None if seed is None else torch.Generator().manual_seed(seed)


def _init(function, sizes: tuple[int, int, int], seed: int | None,
          global_seed: int | None = None) -> list:
    """Call `function(*sizes)`, with a generator of `seed` when given, else after
    seeding torch's global generator with `global_seed` (when given)."""
    if seed is None:
        if global_seed is not None:
            torch.manual_seed(global_seed)
        return list(function(*sizes))
    return list(function(*sizes, generator=_generator(seed)))


def _flag(params: list, attribute: str) -> list:
    return [bool(getattr(p, attribute, False)) for p in params]


def _same(first: list, second: list) -> bool:
    return len(first) == len(second) and all(
        isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape == b.shape
        and bool(torch.equal(a.detach(), b.detach())) for a, b in zip(first, second))


def _properties(params: list) -> dict:
    """What the contract asks of initial values, as booleans (the scale is the
    student's choice within a sane band: randn * 0.01, * 0.1, Xavier, Kaiming...)."""
    tensors = [p.detach().double() for p in params if isinstance(p, torch.Tensor)]
    if len(tensors) != 4:
        return {"finite": False, "biases_zero": False, "weights_vary": False,
                "weight_scale_sane": False}
    weights, biases = tensors[0::2], tensors[1::2]
    low, high = SCALE_BAND
    return {
        "finite": all(bool(t.isfinite().all()) for t in tensors),
        "biases_zero": all(bool((b == 0).all()) for b in biases),
        "weights_vary": all(w.numel() < 2 or bool(w.max() > w.min()) for w in weights),
        "weight_scale_sane": all(w.numel() < 2 or low <= float(w.std()) <= high
                                 for w in weights),
    }


def init_params(impl: Any, num_in: int, num_hidden: int, num_out: int,
                seed: int | None = None, global_seed: int | None = None) -> dict:
    """Call `init_params(num_in, num_hidden, num_out[, generator=Generator(seed)])`
    (without `seed`: after `torch.manual_seed(global_seed)`, when given).

    Answers: `count`, `shapes` (as text, e.g. "(4, 8)"), `dtypes`, `requires_grad`,
    `is_leaf` (one per tensor); the value properties `finite`, `biases_zero`,
    `weights_vary` and `weight_scale_sane` (weights' standard deviation within
    SCALE_BAND); `reproducible` (a second call with the same seed, of the generator or
    of the global RNG, gives the very same tensors) and `seed_matters` (another seed
    gives other weights); these two are None when there is no seed to repeat.
    """
    function = require(impl, "init_params")
    sizes = (num_in, num_hidden, num_out)
    params = _init(function, sizes, seed, global_seed)
    tensors = [isinstance(p, torch.Tensor) for p in params]
    reproducible = seed_matters = None
    if seed is not None or global_seed is not None:
        again = _init(function, sizes, seed, global_seed)
        other = _init(function, sizes, None if seed is None else seed + 1,
                      None if global_seed is None else global_seed + 1)
        reproducible = _same(params, again)
        seed_matters = not _same(params[0::2], other[0::2])
    return {
        "count": len(params),
        "shapes": [str(tuple(p.shape)) if ok else None for p, ok in zip(params, tensors)],
        "dtypes": [str(p.dtype) if ok else type(p).__name__ for p, ok in zip(params, tensors)],
        "requires_grad": _flag(params, "requires_grad"),
        "is_leaf": [ok and bool(p.is_leaf) for p, ok in zip(params, tensors)],
        **_properties(params),
        "reproducible": reproducible,
        "seed_matters": seed_matters,
    }


def forward(impl: Any, X: torch.Tensor, params: list[torch.Tensor],
            grad_output: torch.Tensor | None = None) -> dict:
    """`net(X, params)` with fresh leaf copies of `params`; then, with `grad_output`,
    `out.backward(grad_output)`.

    Answers: `out`, `differentiable` (whether `out` depends on the parameters through
    autograd) and `grads` (each parameter's gradient, None where it has none; only
    with `grad_output`, and only when `out` has its shape).
    """
    net = require(impl, "net")
    leaves = [p.detach().clone().requires_grad_(True) for p in params]
    out = net(X, leaves)
    differentiable = isinstance(out, torch.Tensor) and out.requires_grad
    answers = {"out": out, "differentiable": differentiable}
    if grad_output is not None:
        grads: list[torch.Tensor | None] = [None] * len(leaves)
        if differentiable and tuple(out.shape) == tuple(grad_output.shape):
            out.backward(grad_output.to(out.dtype))
            grads = [p.grad for p in leaves]
        answers["grads"] = grads
    return answers


def gradient(impl: Any, name: str, args: list, wrt: int = 0,
             forbid: str | None = None) -> dict:
    """`impl.<name>(*args)` with `args[wrt]` a leaf requiring grad; then `.backward()`.

    Answers: `value`, `differentiable` (a tensor result attached to `args[wrt]`),
    `grad` (the gradient of a scalar result with respect to `args[wrt]`, else None)
    and `forbidden` (forbidden calls made by the function, not by the backward pass).
    """
    function = require(impl, name)
    args = list(args)
    args[wrt] = args[wrt].detach().clone().requires_grad_(True)
    with tripwires.watch(forbid) as calls:
        value = function(*args)
    differentiable = isinstance(value, torch.Tensor) and value.requires_grad
    grad = None
    if differentiable and value.numel() == 1:
        value.backward()
        grad = args[wrt].grad
    return {"value": value, "differentiable": differentiable, "grad": grad,
            "forbidden": calls}
