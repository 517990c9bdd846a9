"""Harnesses that call plain functions of an implementation."""

from __future__ import annotations

from typing import Any

from grader import forbidden
from grader.harness import require


def call(impl: Any, name: str, args: list | tuple = (), kwargs: dict | None = None,
         forbid: str | None = None) -> dict:
    """Call `impl.<name>(*args, **kwargs)`.

    Answers: `value` (what it returned), `args` (the positional arguments after the
    call, so in-place changes are visible), `forbidden` (forbidden calls it made).
    """
    function = require(impl, name)
    args = list(args)
    with forbidden.watch(forbid) as calls:
        value = function(*args, **(kwargs or {}))
    return {"value": value, "args": args, "forbidden": calls}


def calls(impl: Any, name: str, cases: list[dict], forbid: str | None = None) -> dict:
    """Call `impl.<name>` once per case (`{"args": [...], "kwargs": {...}}`).

    Answers: `values`, one per case, and `forbidden`.
    """
    function = require(impl, name)
    values = []
    with forbidden.watch(forbid) as made:
        for case in cases:
            values.append(function(*case.get("args", ()), **case.get("kwargs", {})))
    return {"values": values, "forbidden": made}
