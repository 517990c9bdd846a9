"""The pytest plugin that turns a suite's outcomes into CaseResults.

Suites are plain pytest files. This plugin registers the markers they use
(`points(n)`, `public`, `hidden`), provides their fixtures (`submission`, `reference`,
`check`), refuses a graded test without points or visibility (a collection error, not
a silent zero), and maps each test's outcome and exception to a student-facing
CaseResult. Student-facing messages are the constants below.

What a hidden test may show is decided here, at the source, so every output is safe:
its name, outcome, points, hint and the rule broken (not implemented, a missing name,
a forbidden call, a wrong type, length, keys, shape or dtype, a True/False property
such as `updated_in_place`, a timeout, a crash, a refused answer, the type and line
of the student's own exception, a suite's own assertion), never its inputs, expected
values, got/index/errors or a traceback: a wrong value gets HIDDEN_VALUE, and its
details keep only SHOWN_DETAILS.
"""

from __future__ import annotations

import math

import pytest

from grader.judge import markers
from grader.judge.checker import Checker, ForbiddenCall, PartialCredit
from grader.judge.compare import Mismatch
from grader.engine.proxy import AnswerRefused, StudentError, WorkerGone, WorkerTimeout
from grader.result import MESSAGE_CHARS, CaseResult, cut_text

NOT_IMPLEMENTED = "not implemented yet (your function raises NotImplementedError)"
TIMED_OUT = "timed out: {} (an infinite loop, or far too slow?)"
CRASHED = "your code crashed the worker: {}"
INTERNAL = "internal grader error ({}): please report this to your instructor"
RAISED = "your code raised {}"
REFUSED = "your answer was refused: {}"
HIDDEN_VALUE = "your answer differs from the expected one (in `{}`)"
HIDDEN_RETURN = "your answer differs from the expected one (in what `{}` returns)"
HIDDEN_TYPE = "{} has the wrong type: expected {}"
# Mismatch kinds a hidden test shows as they are: the form of the answer, and
# True/False/None properties whose name is the rule (`updated_in_place`, `is_leaf`)
SHOWN_KINDS = ("length", "keys", "shape", "dtype", "flag")
SHOWN_DETAILS = ("kind", "what", "function", "shape", "expected_shape", "not_implemented",
                 "missing")


class MarkerError(Exception):
    """A graded test lacks its points or visibility marker."""


class GradingPlugin:
    """Collects one CaseResult per test of one suite run."""

    def __init__(self, suite_run):
        self.suite_run = suite_run
        self.cases: list[CaseResult] = []
        self.collection_errors: list[str] = []

    def pytest_configure(self, config):
        markers.register(config)

    @pytest.fixture
    def submission(self):
        return self.suite_run.submission

    @pytest.fixture
    def reference(self):
        return self.suite_run.reference

    @pytest.fixture
    def check(self, request):
        checker = Checker(self.suite_run, request.node.name)
        request.node.stash[_CHECKER] = checker
        return checker

    def pytest_collection_modifyitems(self, items):
        for item in items:
            if item.get_closest_marker("points") is None:
                raise MarkerError(f"{item.name} has no points marker")
            visible = [m for m in ("public", "hidden") if item.get_closest_marker(m)]
            if len(visible) != 1:
                raise MarkerError(f"{item.name} must be marked exactly one of public/hidden")

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(str(report.longrepr)[-2000:])

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.cases.append(self._case(item, call, report))

    def _case(self, item, call, report) -> CaseResult:
        max_points = float(item.get_closest_marker("points").args[0])
        visibility = "public" if item.get_closest_marker("public") else "hidden"
        hint = (item.function.__doc__ or "").strip().split("\n")[0]
        outcome, message, details = _classify(call.excinfo, report, visibility)
        if visibility == "public" and outcome != "passed":
            checker = item.stash.get(_CHECKER, None)
            if checker is not None and checker.shown_inputs is not None:
                details = {**details, "inputs": _describe_inputs(checker.shown_inputs)}
        points = max_points if outcome == "passed" else 0.0
        if call.excinfo is not None and isinstance(call.excinfo.value, PartialCredit):
            points = round(max_points * call.excinfo.value.fraction, 4)
        if not math.isfinite(points):  # a NaN fraction from a student's number
            points = 0.0
        return CaseResult(item.name, points, max_points, outcome, visibility,
                          cut_text(message, MESSAGE_CHARS), hint, details)


_CHECKER = pytest.StashKey[Checker]()


def _classify(excinfo, report, visibility: str = "public") -> tuple[str, str, dict]:
    """(outcome, message, details) for a test's exception, or its absence; for a
    hidden test, only what it may show (see the module's docstring)."""
    if report.skipped:
        return "skipped", str(report.longrepr[-1]) if report.longrepr else "", {}
    if excinfo is None:
        return "passed", "", {}
    outcome, message, details = _explain(excinfo.value, visibility == "hidden")
    if visibility == "hidden":
        details = {key: value for key, value in details.items() if key in SHOWN_DETAILS}
        if details.get("kind") == "value":  # not even where: `losses[3]` is an index
            details["what"] = str(details.get("what", "")).split("[")[0]
    return outcome, message, details


def _explain(error: BaseException, hidden: bool) -> tuple[str, str, dict]:
    if isinstance(error, StudentError):
        return _student_error(error, hidden)
    if isinstance(error, WorkerTimeout):
        return "timeout", TIMED_OUT.format(error), {}
    if isinstance(error, AnswerRefused):
        return "error", REFUSED.format(error), {}
    if isinstance(error, WorkerGone):
        return "error", CRASHED.format(error), {}
    if isinstance(error, Mismatch):
        return "failed", _mismatch_message(error, hidden), error.details
    if isinstance(error, (ForbiddenCall, AssertionError)):
        return "failed", str(error), {}
    shown = type(error).__name__ if hidden else f"{type(error).__name__}: {error}"
    return "error", INTERNAL.format(shown), {}


def _student_error(error: StudentError, hidden: bool) -> tuple[str, str, dict]:
    if error.not_implemented:
        return "failed", NOT_IMPLEMENTED, {"not_implemented": True}
    if error.missing:
        return "failed", str(error), {"missing": error.missing}
    if hidden:  # the message may quote the hidden inputs: type and line only
        kind = cut_text(str(error.info.get("type", "an exception")), 100)
        return "error", RAISED.format(kind + cut_text(str(error.info.get("where", "")), 40)), {}
    return "error", RAISED.format(error), {"traceback": error.info.get("traceback", "")}


def _mismatch_message(mismatch: Mismatch, hidden: bool) -> str:
    """The comparison's message, or for a hidden test the rule it broke."""
    kind, what = mismatch.details.get("kind"), mismatch.details.get("what", "the result")
    if not hidden or kind in SHOWN_KINDS:
        return str(mismatch)
    if kind == "type":
        return HIDDEN_TYPE.format(what, mismatch.details.get("expected_kind", "another type"))
    root, function = str(what).split("[")[0], mismatch.details.get("function")
    if function and root in ("value", "values"):  # the harness's name for what it returned
        return HIDDEN_RETURN.format(function)
    return HIDDEN_VALUE.format(root)


def _describe_inputs(inputs: dict) -> dict:
    """Short, readable reprs of a public test's inputs."""
    import torch

    described = {}
    for key, value in inputs.items():
        if isinstance(value, torch.Tensor) and value.numel() > 12:
            text = f"tensor of shape {tuple(value.shape)}, dtype {value.dtype}"
        else:
            text = repr(value)
        described[key] = text if len(text) <= 300 else text[:297] + "..."
    return described
