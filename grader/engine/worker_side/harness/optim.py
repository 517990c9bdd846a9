"""Harnesses for the optimizer update rules (momentum, adagrad, rmsprop, adadelta, adam).

The grader keeps its own copy of each exercise's ready `torch.optim.Optimizer` class
(`RuleOptimizer`), calling the implementation's rule: a submission that deleted or
broke its class is still graded on its rule.

The five rule suites' shared tests, run in the trusted process, live in
grader.judge.rule_checks: this module runs inside the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

from grader.engine.worker_side import tripwires
from grader.engine.worker_side.harness import require


@dataclass(frozen=True)
class Rule:
    """How to call one exercise's update rule: its name and its state tensors."""

    function: str
    state: tuple[str, ...]
    takes_step: bool = False


RULES = {
    "momentum": Rule("momentum_step", ("buf",)),
    "adagrad": Rule("adagrad_step", ("state_sum",)),
    "rmsprop": Rule("rmsprop_step", ("square_avg",)),
    "adadelta": Rule("adadelta_step", ("square_avg", "acc_delta")),
    "adam": Rule("adam_step", ("exp_avg", "exp_avg_sq"), takes_step=True),
}


def _apply(rule: Rule, function, param, grad, state: dict, step: int, hyper: dict):
    args = [param, grad, *(state[name] for name in rule.state)]
    if rule.takes_step:
        args.append(step)
    return function(*args, **hyper)


def rule_steps(impl: Any, stem: str, param: torch.Tensor, grads: list[torch.Tensor],
               hyper: dict | None = None) -> dict:
    """Apply the rule once per gradient, with state tensors starting at zeros.

    Answers: `param` and `state` (the caller's own tensors after all steps, so a rule
    that is not in place leaves them unchanged), `returned_none` (whether every call
    returned None) and `forbidden` (forbidden calls made by the rule).
    """
    rule = RULES[stem]
    function = require(impl, rule.function)
    state = {name: torch.zeros_like(param) for name in rule.state}
    returned_none = True
    with tripwires.watch("optimizers") as calls:
        for step, grad in enumerate(grads, start=1):
            returned_none &= _apply(rule, function, param, grad, state, step,
                                    hyper or {}) is None
    return {"param": param, "state": state, "returned_none": returned_none,
            "forbidden": calls}


def step_forms(impl: Any, stem: str, param: torch.Tensor, grads: list[torch.Tensor],
               hyper: dict | None = None) -> dict:
    """Apply the rule once per gradient, like `rule_steps`, and describe only the form
    of the caller's tensors afterwards (for tests about shapes and dtypes alone).

    Answers: `shapes` (as text, e.g. "(3, 4)") and `dtypes` of `param` and each state
    tensor, `changed` (for each: whether the caller's tensor holds new values),
    `finite` (for each: no NaN or inf) and `forbidden`.
    """
    before = param.clone()
    answers = rule_steps(impl, stem, param, grads, hyper)
    tensors = {"param": answers["param"], **answers["state"]}
    return {"shapes": {name: str(tuple(t.shape)) for name, t in tensors.items()},
            "dtypes": {name: str(t.dtype) for name, t in tensors.items()},
            "changed": {name: not torch.equal(t, before if name == "param" else
                                              torch.zeros_like(t))
                        for name, t in tensors.items()},
            "finite": {name: bool(t.isfinite().all()) for name, t in tensors.items()},
            "forbidden": answers["forbidden"]}


def in_place(impl: Any, stem: str, param: torch.Tensor, grad: torch.Tensor,
             hyper: dict | None = None) -> dict:
    """Apply the rule once (step 1, state tensors at zeros) to the caller's tensors.

    Answers: `updated_in_place` (for `param` and each state tensor: whether the
    caller's own tensor object holds new values after the call), `finite` (for each:
    no NaN or inf: a rule that writes NaN has not updated anything), `returned_none` and
    `forbidden` (forbidden calls made by the rule).
    """
    rule = RULES[stem]
    function = require(impl, rule.function)
    state = {name: torch.zeros_like(param) for name in rule.state}
    tensors = {"param": param, **state}
    before = {name: tensor.clone() for name, tensor in tensors.items()}
    with tripwires.watch("optimizers") as calls:
        returned = _apply(rule, function, param, grad, state, 1, hyper or {})
    updated = {name: not torch.equal(tensor, before[name]) for name, tensor in tensors.items()}
    finite = {name: bool(tensor.isfinite().all()) for name, tensor in tensors.items()}
    return {"updated_in_place": updated, "finite": finite, "returned_none": returned is None,
            "forbidden": calls}


class RuleOptimizer:
    """The grader's copy of an exercise's ready optimizer: `zero_grad()` and `step()`.

    It keeps one state per parameter (zeros at first, a step count from 1) and applies
    the implementation's rule to each parameter with a gradient, exactly as the stubs'
    `torch.optim.Optimizer` subclasses do. It is deliberately not a subclass itself:
    the first `torch.optim.Optimizer` in a process imports `torch._dynamo` (seconds),
    which a rule exercise has no need for.
    """

    def __init__(self, params, rule: Rule, function, hyper: dict):
        self.params = list(params)
        self.rule, self.function, self.hyper = rule, function, hyper
        self.state: dict[int, dict] = {}

    def zero_grad(self) -> None:
        for param in self.params:
            param.grad = None

    @torch.no_grad()
    def step(self) -> None:
        for param in self.params:
            if param.grad is None:
                continue
            state = self.state.setdefault(id(param), {"step": 0, **{
                name: torch.zeros_like(param) for name in self.rule.state}})
            state["step"] += 1
            _apply(self.rule, self.function, param, param.grad, state, state["step"],
                   self.hyper)


def train_model(impl: Any, stem: str, seed: int, steps: int, hyper: dict | None = None) -> dict:
    """Train a small real regression MLP with the rule, from seeded weights and data.

    Answers: `losses` (before each step), `params` (the final parameters) and
    `forbidden` (forbidden calls made while training, i.e. by the rule: the grader's
    own optimizer and model make none).
    """
    rule = RULES[stem]
    function = require(impl, rule.function)
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(32, 5, generator=generator)                         # (N, 5)
    y = x @ torch.randn(5, 1, generator=generator) + 0.1 * torch.randn(32, 1, generator=generator)
    layers = [torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)]
    model = torch.nn.Sequential(*layers)
    with torch.no_grad():
        for param in model.parameters():
            param.copy_(0.5 * torch.randn(param.shape, generator=generator))
    optimizer = RuleOptimizer(model.parameters(), rule, function, hyper or {})
    losses = []
    with tripwires.watch("optimizers") as calls:
        for _ in range(steps):
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            losses.append(loss.item())
            optimizer.step()
    return {"losses": losses, "params": [p.detach() for p in model.parameters()],
            "forbidden": calls}
