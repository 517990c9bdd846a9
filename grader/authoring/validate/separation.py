"""The `separated` check: on the inputs the suite recorded, every mutant differs from
the reference and from every other mutant (else diagnosis cannot tell them apart)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from grader import catalog
from grader.authoring.validate.checks import Check, verdict
from grader.catalog import Exercise
from grader.judge.checker import Comparison, run_trusted
from grader.judge.compare import Mismatch, assert_close


def check_separated(exercise: Exercise, files: catalog.ExerciseFiles, runs: list,
                    graded: dict) -> Check:
    """Every mutant differs from the reference and from every other mutant on some
    recorded input (or, where the suite records none, is named apart by its probes)."""
    if not graded:
        return verdict("separated", [], "no mutants")
    comparisons = runs[0].comparisons if runs else []
    alone = {label: _named_alone(mutant, result) for label, (mutant, result) in graded.items()}
    answers = {label: _answers(mutant.module(runs[0].reference), comparisons)
               if comparisons else [] for label, (mutant, _) in graded.items()}
    reference_answers = [comparison.expected for comparison in comparisons]
    reasons = [f"{label} gives the reference's answers on every input of the suite"
               for label, given in answers.items()
               if not alone[label] and not _differ(given, reference_answers, comparisons)]
    pairs = [(left, right) for left, right in combinations(answers, 2)
             if graded[left][0].id != graded[right][0].id]  # variants of one mistake may agree
    reasons += [f"{left} and {right} give the same answers on every input of the suite"
                f"{'' if comparisons else ' (it records none)'}, and the suite does not "
                f"name each alone: add an input on which they differ"
                for left, right in pairs
                if not (alone[left] and alone[right])
                and not _differ(answers[left], answers[right], comparisons)]
    return verdict("separated", reasons, f"{len(pairs)} pairs")


def _named_alone(mutant, result) -> bool:
    """Graded as a submission, the mutant was named as itself and nothing else (by
    diagnosis or by the suite's own probes)."""
    return not isinstance(result, Exception) and \
        {item.id for item in result.misconceptions} == {mutant.id}


def _answers(module, comparisons: list[Comparison]) -> list:
    given: list = []  # answers dicts, or a _Crash
    for comparison in comparisons:
        try:
            given.append(run_trusted(module, comparison.harness, comparison.inputs,
                                     seed=comparison.seed))
        except Exception as error:  # a mutant may crash where the reference does not
            given.append(_Crash(f"{type(error).__name__}: {error}"))
    return given


@dataclass(frozen=True)
class _Crash:
    what: str


def _differ(left: list, right: list, comparisons: list[Comparison]) -> bool:
    return any(not _same(a, b, comparison) for a, b, comparison in zip(left, right, comparisons))


def _same(left, right, comparison: Comparison) -> bool:
    if isinstance(left, _Crash) or isinstance(right, _Crash):
        return left == right
    try:
        for name in comparison.outputs:
            assert_close(actual=left.get(name), expected=right.get(name),
                         rtol=comparison.rtol, atol=comparison.atol, what=name)
    except (Mismatch, KeyError):
        return False
    return True
