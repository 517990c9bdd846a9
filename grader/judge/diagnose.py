"""Naming the mistake: match a failing submission against its exercise's mutants.

A mutant is the reference with exactly one named misconception (`grader/mutants/
<stem>.py` lists them as `MUTANTS`). After a suite run with a failed comparison, each
mutant is replayed in this trusted process on the very inputs the student saw. A
mutant is named only when, on every recorded comparison where the mutant and the
reference disagree (the inputs that tell them apart), the student's answers match the
mutant, and at least one of those comparisons failed for the student. A long run
(`Comparison.long_run`, a training loop where float rounding compounds) only confirms:
two writings of one mistake may drift apart there, so it never rules a mutant out.
Several variants of one mistake may share an id (e.g. eps inside the root as the
argument or as a hard-coded constant); the first that fits is named. A wrong answer
that matches no mutant gets no label: its precise mismatch message stands alone.
Diagnosis explains; it never changes points.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Any, Callable

from grader import catalog
from grader.judge.checker import Comparison, run_trusted
from grader.judge.compare import Mismatch, assert_close
from grader.result import Misconception


@dataclass(frozen=True)
class Mutant:
    """One named misconception: the reference with `overrides` swapped in.

    `devices` lists the device types on which the mistake can show at all (empty: any),
    e.g. `("cuda",)` for data left on the CPU: `grade validate` does not expect such a
    mutant to be caught on other devices.
    """

    id: str
    title: str
    hint: str
    overrides: dict[str, Callable[..., Any]] = field(default_factory=dict)
    devices: tuple[str, ...] = ()

    def module(self, reference: types.ModuleType) -> types.ModuleType:
        """A fresh copy of the reference module with this mutant's overrides.

        The reference source is executed again in a new namespace, so reference
        functions that call an overridden one pick the mutant up.
        """
        assert reference.__file__ is not None  # references are loaded from files
        module = types.ModuleType(f"mutant_{self.id}")
        module.__file__ = reference.__file__
        with open(reference.__file__, encoding="utf-8") as handle:
            code = compile(handle.read(), reference.__file__, "exec")
        exec(code, module.__dict__)
        module.__dict__.update(self.overrides)
        return module


def mutants_of(stem: str) -> list[Mutant]:
    """The mutants declared for exercise `stem` (none if it has no mutants module);
    a course's mutants module when a course ships one (grader.catalog)."""
    return catalog.mutants(stem)


def _matches(answers: dict, other: dict, comparison: Comparison) -> bool:
    try:
        for name in comparison.outputs:
            assert_close(actual=answers.get(name), expected=other[name],
                         rtol=comparison.rtol, atol=comparison.atol, what=name)
    except Mismatch:
        return False
    return True


def diagnose(stem: str, reference: types.ModuleType,
             comparisons: list[Comparison]) -> list[Misconception]:
    """The misconceptions the student's recorded answers show (in catalog order)."""
    if all(comparison.passed for comparison in comparisons):
        return []
    found: list[Misconception] = []
    for mutant in mutants_of(stem):
        if any(item.id == mutant.id for item in found):
            continue
        explained = _explained_tests(mutant.module(reference), comparisons)
        if explained:
            found.append(Misconception(mutant.id, f"{mutant.title}: {mutant.hint}",
                                       mutant.title, explained))
    return found


def _explained_tests(mutant_module, comparisons: list[Comparison]) -> list[str]:
    """Names of the failed tests the mutant explains, or [] if it does not fit."""
    explained: list[str] = []
    telling = 0
    for comparison in comparisons:
        try:
            answers = run_trusted(mutant_module, comparison.harness, comparison.inputs,
                                  seed=comparison.seed)
        except Exception:  # a mutant may crash where the reference does not
            return []
        if _matches(answers, comparison.expected, comparison):
            continue  # these inputs do not tell the mutant from the reference
        if not _matches(comparison.student, answers, comparison):
            if comparison.long_run:
                continue  # rounding may have compounded: neither for nor against
            return []
        telling += 1
        if not comparison.passed and comparison.test not in explained:
            explained.append(comparison.test)
    return explained if telling else []
