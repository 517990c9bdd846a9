"""Harnesses that call plain functions of an implementation."""

from __future__ import annotations

from typing import Any

import torch

from grader.engine.worker_side import tripwires
from grader.engine.worker_side.harness import require


def call(impl: Any, name: str, args: list | tuple = (), kwargs: dict | None = None,
         forbid: str | None = None) -> dict:
    """Call `impl.<name>(*args, **kwargs)`.

    Answers: `value` (what it returned), `args` (the positional arguments after the
    call, so in-place changes are visible), `forbidden` (forbidden calls it made).
    """
    function = require(impl, name)
    args = list(args)
    with tripwires.watch(forbid) as calls:
        value = function(*args, **(kwargs or {}))
    return {"value": value, "args": args, "forbidden": calls}


def calls(impl: Any, name: str, cases: list[dict], forbid: str | None = None) -> dict:
    """Call `impl.<name>` once per case (`{"args": [...], "kwargs": {...}}`).

    Answers: `values`, one per case, and `forbidden`.
    """
    function = require(impl, name)
    values = []
    with tripwires.watch(forbid) as made:
        for case in cases:
            values.append(function(*case.get("args", ()), **case.get("kwargs", {})))
    return {"values": values, "forbidden": made}


def call_form(impl: Any, name: str, args: list | tuple = (), kwargs: dict | None = None,
              forbid: str | None = None) -> dict:
    """Call `impl.<name>(*args, **kwargs)` and describe only the form of its result.

    Answers: `kind` (the result's type name), `shape` and `dtype` (None unless it is a
    tensor) and `forbidden`: for tests about shapes and dtypes alone, which a wrong
    value must not fail.
    """
    function = require(impl, name)
    with tripwires.watch(forbid) as made:
        value = function(*args, **(kwargs or {}))
    tensor = isinstance(value, torch.Tensor)
    return {"kind": "tensor" if tensor else type(value).__name__,
            "shape": list(value.shape) if tensor else None,
            "dtype": str(value.dtype) if tensor else None, "forbidden": made}
