"""Forbidden APIs judged in the trusted process, from the submission's source alone.

The contract forbids some APIs inside some exercises' graded functions (no
`torch.sigmoid` inside `sigmoid`, no `torch.optim` inside an update rule). This module
reads the submission's source (never runs it) and finds, for each graded function,
every forbidden API its code can reach: directly, through import aliases
(`from torch import sigmoid as s`, `import torch.nn.functional as F`), module-level
aliases (`sig = torch.sigmoid`), the file's own helpers, classes and lambdas it uses
(followed transitively), and Tensor method forms (`x.sigmoid()`, `loss.backward()`).
Computed access in that code (`getattr(torch, name)`, `__import__`, `importlib`,
`eval`/`exec`, `globals()`, `vars(...)`, `.__dict__`) is reported as evasion, and so
is dynamic code at the top level, which could rebind a graded name unseen.

What stays allowed: a forbidden API at the top level, in `if __name__ == "__main__":`,
or in functions the graded one never reaches; importing it; the file's own functions,
classes and methods named like an API (`def sigmoid`, a class's `step`).
Pure: source text in, findings out; torch is never imported here.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Callable

from grader.catalog.forbidden_groups import RULES, Rule
from grader.judge.forbidden_findings import HIDDEN, TOP, UNREADABLE, Finding
from grader.judge.forbidden_walk import OBJECT_DICT, CodeWalk
from grader.judge.source_bindings import Dotted, ModuleBindings, OwnCode


class _Reach:
    """Each piece of own code walked once; what a piece reaches, transitively."""

    def __init__(self, module: ModuleBindings, rule: Rule, place: Callable[[int], str]):
        self.module, self.rule, self.place = module, rule, place
        self._walks: dict[int, CodeWalk] = {}

    def walk(self, code: OwnCode) -> CodeWalk:
        if id(code) not in self._walks:
            walk = CodeWalk(self.module, self.rule, code, self.place)
            walk.visit(code.node)
            self._walks[id(code)] = walk
        return self._walks[id(code)]

    def findings(self, start: list[OwnCode]) -> list[Finding]:
        found, seen, todo = [], set(), list(start)
        while todo:
            code = todo.pop(0)
            if id(code) in seen:
                continue
            seen.add(id(code))
            walk = self.walk(code)
            found += walk.findings
            todo += walk.reached
        return found


def _graded_findings(module: ModuleBindings, reach: _Reach, name: str) -> list[Finding]:
    """What the graded global `name` reaches. A name that is an import of a forbidden
    API is a use; one no def, assignment or import binds is bound at run time (HIDDEN)."""
    bindings = module.bindings.get(name) or [Dotted(f"{s}.{name}") for s in module.stars]
    if not bindings:
        return [Finding("", name, "", HIDDEN)]
    found = []
    for binding in bindings:
        if isinstance(binding, OwnCode):
            found += reach.findings([binding])
        elif reach.rule.forbids(binding.dotted):
            found.append(Finding(binding.dotted, name, reach.place(binding.line)))
    return found


def _top_level_evasion(module: ModuleBindings, reach: _Reach) -> list[Finding]:
    """Computed access run at import (top-level code and what it reaches), which could
    rebind any graded name; forbidden APIs used there are fine (demo code)."""
    body = [part if isinstance(part, ast.stmt) else ast.Expr(part) for part in module.top_level]
    top = OwnCode(ast.Module(body=body, type_ignores=[]), TOP)
    return [dataclasses.replace(finding, at_import=True)
            for finding in reach.findings([top])
            if finding.evasion and finding.api != OBJECT_DICT]


def _line(number: int) -> str:
    return f"line {number}"


def analyse(text: str, group: str, graded: tuple[str, ...],
            place: Callable[[int], str] = _line) -> dict[str, tuple[Finding, ...]]:
    """For each graded function name, the findings its code reaches (empty: clean),
    forbidden uses first, in line order.

    `group` names a RULES entry; `place` describes a line number for the student
    (grader.engine.submission.Source.where). A source that does not parse gives no findings
    (the grader reports it as a syntax error before anything is judged).
    """
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {name: () for name in graded}
    except RecursionError:  # a machine-made expression thousands of levels deep
        return {name: (Finding("", name, "", UNREADABLE),) for name in graded}
    try:
        return _judge_module(ModuleBindings(tree), RULES[group], graded, place)
    except RecursionError:
        return {name: (Finding("", name, "", UNREADABLE),) for name in graded}


def _judge_module(module: ModuleBindings, rule: Rule, graded: tuple[str, ...],
                  place: Callable[[int], str]) -> dict[str, tuple[Finding, ...]]:
    reach = _Reach(module, rule, place)
    everywhere = _top_level_evasion(module, reach)
    result = {}
    for name in graded:
        found = _graded_findings(module, reach, name) + everywhere
        unique = {(f.api, f.where, f.place, f.evasion): f for f in found}
        result[name] = tuple(unique.values())
    return result
