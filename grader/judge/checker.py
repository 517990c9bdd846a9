"""The `check` fixture: run one harness on the student and on the reference, compare.

A suite's test states *what* to compare; `Checker.same` does the rest: it runs the
harness on the student's module in the worker and on the reference in this (trusted)
process, on the same inputs, fails on forbidden calls, compares the answers with the
test's tolerances and records the comparison, so diagnosis can later replay the
exercise's mutants on exactly these inputs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import numpy
import torch

from grader.engine.worker_side import harness as harnesses
from grader.judge.compare import Mismatch, assert_close
from grader.judge.pitfalls import explained
from grader.wire.plain import from_plain, to_plain
from grader.result import Misconception


class ForbiddenCall(AssertionError):
    """The student's code called an API the exercise forbids."""


class PartialCredit(AssertionError):
    """A test that earns `fraction` of its points (0 <= fraction < 1), with a reason."""

    def __init__(self, fraction: float, message: str):
        super().__init__(message)
        self.fraction = min(max(fraction, 0.0), 1.0)


@dataclass
class Comparison:
    """One recorded comparison: the question, the student's answers, the verdict."""

    test: str
    harness: str
    inputs: dict
    outputs: tuple[str, ...]
    rtol: float
    atol: float
    student: dict
    expected: dict
    passed: bool
    seed: int = 0
    message: str = ""
    details: dict = field(default_factory=dict)
    long_run: bool = False


def run_trusted(impl: Any, harness: str, inputs: dict, seed: int = 0) -> dict:
    """Run a harness on a trusted implementation, exactly as a worker would.

    The inputs are deep-copied (the implementation may change them in place), the
    global RNG is seeded the same way and restored, and the answers go through the
    same plain-data reduction as a worker's.
    """
    run = harnesses.get(harness)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        answers = run(impl, **copy.deepcopy(inputs))
    return from_plain(to_plain(answers))


def forbidden_verdict(found: dict, inputs: dict, student: dict) -> tuple[str, str]:
    """(API, message) of the first forbidden use in the function(s) a test calls, or
    ("", "") when there is none.

    The verdict comes from `found` (grader.judge.forbidden_static, judged from the source in
    this process) for the harness's `name`, or for every function in scope when the
    harness names none (an update rule's). The worker's own tripwire report can only
    add a failure, never clear one.
    """
    names = [inputs["name"]] if "name" in inputs else list(found)
    for name in names:
        for finding in found.get(name, ()):
            return finding.api or name, finding.sentence(name)
    if student.get("forbidden"):
        call = str(student["forbidden"][0])[:100]  # the worker's word: shown, not trusted
        return call, (f"your code calls {call}, which this exercise forbids: "
                      f"write it with basic tensor operations")
    return "", ""


class Checker:
    """Per-test comparison helper handed to suites as the `check` fixture."""

    def __init__(self, suite_run, test_name: str):
        self.suite_run = suite_run
        self.test_name = test_name
        self.shown_inputs: dict | None = None

    def student(self, harness: str, inputs: dict, seed: int = 0,
                timeout_s: float | None = None) -> dict:
        """Only the student's answers (for checks the trusted side computes itself,
        e.g. accuracy against held-out labels that never enter the worker)."""
        self.shown_inputs = None
        with explained():
            return self.suite_run.submission.run(harness, inputs, seed=seed,
                                                 timeout_s=timeout_s)

    def student_once(self, harness: str, inputs: dict, seed: int = 0,
                     timeout_s: float | None = None) -> dict:
        """Like `student`, but computed once per suite run for (harness, seed): several
        tests share one expensive call (a training run). An error is kept and raised
        again to every test that asks, so a timed-out training is never retried."""
        self.shown_inputs = None
        key = (harness, seed)
        cache = self.suite_run.answers
        if key not in cache:
            try:
                answers = self.student(harness, inputs, seed=seed, timeout_s=timeout_s)
                cache[key] = (True, answers)
            except Exception as error:  # StudentError, WorkerTimeout, WorkerGone, ...
                cache[key] = (False, error)
        ok, value = cache[key]
        if not ok:
            raise value
        return value

    def record_training(self, **facts: Any) -> None:
        """Facts of the training run for the result (`result.training`)."""
        self.suite_run.training.update(facts)

    def misconception(self, id: str, title: str, hint: str) -> None:
        """Name a misconception a suite's probe found (it never changes points)."""
        for found in self.suite_run.misconceptions:
            if found.id == id:
                if self.test_name not in found.tests:
                    found.tests.append(self.test_name)
                return
        self.suite_run.misconceptions.append(
            Misconception(id, f"{title}: {hint}", title, [self.test_name]))

    def award(self, fraction: float, message: str) -> None:
        """Give `fraction` of the test's points: full credit returns, less raises."""
        if fraction < 1.0:
            raise PartialCredit(fraction, message)

    def same(self, harness: str, inputs: dict, *, rtol: float, atol: float,
             outputs: tuple[str, ...] | None = None, show: dict | None = None,
             seed: int = 0, float32: tuple[float, float] | None = None,
             long_run: bool = False) -> tuple[dict, dict]:
        """Fail unless the student's answers match the reference's; return both.

        `outputs` names the answers to compare (default: all but `forbidden`); `show`
        is what a public test displays as its input (default: `inputs`). `float32`
        gives the (rtol, atol) used instead when the student computed the compared
        answers in float32 or a lower precision (a free choice where the exercise does
        not fix the dtype). `long_run` marks answers of a long feedback loop (training),
        where float rounding compounds: diagnosis then uses them only to confirm a
        mistake, never to rule one out.
        Returns `(student_answers, expected_answers)`.
        """
        self.shown_inputs = show if show is not None else inputs
        with explained():
            student = self.suite_run.submission.run(harness, inputs, seed=seed)
        expected = run_trusted(self.suite_run.reference, harness, inputs, seed=seed)
        names = outputs or tuple(key for key in expected if key != "forbidden")
        if float32 is not None and _lowest_precision([student.get(n) for n in names]):
            rtol, atol = float32
        comparison = Comparison(self.test_name, harness, inputs, names, rtol, atol,
                                student, expected, passed=False, seed=seed,
                                long_run=long_run)
        self.suite_run.comparisons.append(comparison)
        api, message = forbidden_verdict(self.suite_run.forbidden, inputs, student)
        if message:
            comparison.message = f"forbidden call: {api}"
            raise ForbiddenCall(message)
        try:
            for name in names:
                assert_close(actual=student.get(name), expected=expected[name],
                             rtol=rtol, atol=atol, what=name)
        except Mismatch as mismatch:
            if isinstance(inputs.get("name"), str):  # the student's function it came from
                mismatch.details["function"] = inputs["name"]
            comparison.message, comparison.details = str(mismatch), mismatch.details
            raise
        comparison.passed = True
        return student, expected


def _lowest_precision(answers: Any) -> bool:
    """Whether any float tensor or array among `answers` is float32 or narrower."""
    if isinstance(answers, (list, tuple)):
        return any(_lowest_precision(item) for item in answers)
    if isinstance(answers, dict):
        return any(_lowest_precision(item) for item in answers.values())
    if isinstance(answers, torch.Tensor):
        return answers.is_floating_point() and torch.finfo(answers.dtype).bits <= 32
    if isinstance(answers, numpy.ndarray):
        return answers.dtype.kind == "f" and answers.dtype.itemsize <= 4
    return False
