"""More harnesses for the optimizer update rules: in place? forbidden calls in training?

`optim.rule_steps` reports the caller's tensors after the steps, so a rule that is not
in place shows as wrong numbers. `in_place` asks the question directly, one step from
zero state, and answers with booleans whose names say what went wrong
(`updated_in_place['param'] should be True, got False`). `train_model` is
`optim.train_model` with the rule's forbidden calls watched, so a rule that calls
`torch.optim` fails the training test too, with the call named.
"""

from __future__ import annotations

from typing import Any

import torch

from grader import forbidden
from grader.harness import optim, require
from grader.harness.optim import RULES


def in_place(impl: Any, stem: str, param: torch.Tensor, grad: torch.Tensor,
             hyper: dict | None = None) -> dict:
    """Apply the rule once (step 1, state tensors at zeros) to the caller's tensors.

    Answers: `updated_in_place` (for `param` and each state tensor: whether the
    caller's own tensor object holds new values after the call), `returned_none` and
    `forbidden` (forbidden calls made by the rule).
    """
    rule = RULES[stem]
    function = require(impl, rule.function)
    tensors = {"param": param, **{name: torch.zeros_like(param) for name in rule.state}}
    before = {name: tensor.clone() for name, tensor in tensors.items()}
    args = [param, grad, *(tensors[name] for name in rule.state)]
    if rule.takes_step:
        args.append(1)
    with forbidden.watch("optimizers") as calls:
        returned = function(*args, **(hyper or {}))
    updated = {name: not torch.equal(tensor, before[name]) for name, tensor in tensors.items()}
    return {"updated_in_place": updated, "returned_none": returned is None,
            "forbidden": calls}


def train_model(impl: Any, stem: str, seed: int, steps: int, hyper: dict | None = None) -> dict:
    """`optim.train_model` (losses before each step, final params), calls watched.

    Answers: `losses`, `params` and `forbidden` (forbidden calls made while training,
    i.e. by the rule: the grader's own optimizer and model make none).
    """
    with forbidden.watch("optimizers") as calls:
        answers = optim.train_model(impl, stem, seed, steps, hyper)
    return {**answers, "forbidden": calls}
