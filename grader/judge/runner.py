"""Grading one submission: file -> worker -> suite -> SubmissionResult.

`grade()` is the Python API behind `grade submit` and `grade check`. It reads the file,
starts a worker from the zygote, runs the submission's top-level code there, runs the
exercise's pytest suite in this trusted process with the grading plugin, and returns
one SubmissionResult. If anything inside the grader fails, the result says so
(`internal_error`) instead of there being no result.
"""

from __future__ import annotations

import dataclasses
import time
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import torch

from grader import catalog
from grader.package import __version__
from grader.engine import sandbox, zygote
from grader.judge import forbidden_static, pytest_session
from grader.catalog import Exercise
from grader.catalog.forbidden_groups import RULES
from grader.judge.diagnose import diagnose
from grader.judge.plugin import GradingPlugin
from grader.engine.proxy import SubmissionProxy, WorkerGone, WorkerTimeout
from grader.result import Status, SubmissionResult, graded_now, internal_error_message
from grader.engine.submission import Source, read
from grader.engine.worker_side.worker import Limits


@dataclass
class SuiteRun:
    """What one run of a suite shares between its tests (no global state)."""

    exercise: Exercise
    submission: SubmissionProxy
    reference: types.ModuleType
    comparisons: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # Checker.student_once's cache
    training: dict = field(default_factory=dict)  # -> result.training
    misconceptions: list = field(default_factory=list)  # found by a suite's probes
    # graded function -> forbidden APIs its source reaches (grader.judge.forbidden_static)
    forbidden: dict = field(default_factory=dict)


def grade(path: str | Path, stem: str | None = None, public_only: bool = False,
          limits: Limits | None = None, time_limit_s: float | None = None,
          call_limit_s: float | None = None,
          observe: Callable[[SuiteRun], None] | None = None,
          judge_source: bool = True) -> SubmissionResult:
    """Grade the submission at `path` as exercise `stem` (inferred from the name if None).

    `time_limit_s` (whole submission) and `call_limit_s` (each call into student code)
    override the catalog's limits. `observe`, if given, sees the SuiteRun once the suite
    has run (`grade validate` reads its recorded comparisons). `judge_source=False`
    skips the trusted read of the source for forbidden APIs (the worker's tripwires
    still run): only for instructor-built files, such as `grade validate`'s mutants,
    which load their overrides with `exec` as no student file may.

    Raises SubmissionInputError or catalog.UnknownExercise for unusable input; any
    other failure becomes a result with status `internal_error`.
    """
    started = time.monotonic()
    torch.set_num_threads(1)  # trusted-side work is tiny; spare threads only contend
    source = read(path)
    exercise = catalog.get(stem or catalog.stem_for_file(path))
    exercise = dataclasses.replace(exercise, time_limit_s=time_limit_s or exercise.time_limit_s,
                                   call_limit_s=call_limit_s or exercise.call_limit_s)
    for _ in range(2):  # a second time only if the zygote died under this grading
        result = _empty_result(exercise, source, public_only)
        if not _zygote_failed(result, exercise, source, public_only, limits or Limits(),
                              observe, judge_source):
            break
    result.duration_s = round(time.monotonic() - started, 3)
    return result


def _zygote_failed(result: SubmissionResult, *arguments) -> bool:
    """Grade into `result` (see `_grade_into`); True when the zygote failed meanwhile,
    so the result is the grader's failure, not a verdict on the student's code (a fresh
    zygote is started for the next grading)."""
    try:
        proxy = _grade_into(result, *arguments)
    except Exception as error:  # the grader's own failure still yields a verdict
        result.mark_not_graded(Status.INTERNAL_ERROR, internal_error_message(error))
        return isinstance(error, zygote.ZygoteError)
    return proxy is not None and proxy.zygote_died()


def _empty_result(exercise: Exercise, source: Source, public_only: bool) -> SubmissionResult:
    return SubmissionResult(
        exercise=exercise.stem, file=source.path.name, sha256=source.sha256, score=0.0,
        max_score=float(exercise.points), status=Status.GRADED, gradable=True,
        sandbox=sandbox.mode(), held_out_exposed=sandbox.held_out_exposed(exercise.stem),
        mode="check" if public_only else "submit", grader_version=__version__,
        graded_at=graded_now())


def _grade_into(result: SubmissionResult, exercise: Exercise, source: Source,
                public_only: bool, limits: Limits,
                observe: Callable[[SuiteRun], None] | None = None,
                judge_source: bool = True) -> SubmissionProxy | None:
    if source.problem:
        result.mark_not_graded(Status.SYNTAX_ERROR, source.problem)
        return None
    proxy = SubmissionProxy(source, limits, exercise.call_limit_s, exercise.time_limit_s,
                            warm=exercise.warm)
    try:
        if not _loaded(result, proxy):
            return proxy
        run = SuiteRun(exercise, proxy, catalog.reference(exercise.stem),
                       forbidden=_forbidden_in_source(exercise, source) if judge_source else {})
        plugin = _run_suite(run, public_only)
        result.tests = plugin.cases
        result.misconceptions = diagnose(exercise.stem, run.reference, run.comparisons)
        named = {item.id for item in result.misconceptions}
        result.misconceptions += [item for item in run.misconceptions if item.id not in named]
        result.training = dict(run.training)
        result.device = str(run.training.get("device", result.device))
        if observe is not None:
            observe(run)
    finally:
        proxy.close()
        result.output, result.output_truncated_bytes = proxy.captured_output()
    result.score = round(sum(case.points for case in result.tests), 4)
    if public_only:
        result.max_score = float(sum(case.max_points for case in result.tests))
    result.status = _status(result, proxy)
    return proxy


def _forbidden_in_source(exercise: Exercise, source: Source) -> dict:
    """The exercise's forbidden APIs that each graded function's source reaches,
    judged here, from the very text the worker runs (a notebook's code cells)."""
    if exercise.forbid not in RULES:
        return {}
    return forbidden_static.analyse(source.text, exercise.forbid,
                                    exercise.forbidden_scope(), place=source.where)


def _loaded(result: SubmissionResult, proxy: SubmissionProxy) -> bool:
    """Run the top-level code; on failure fill in the status and return False."""
    try:
        report = proxy.load()
    except WorkerTimeout:
        result.mark_not_graded(Status.TIMEOUT, (
            f"your file did not finish loading within {proxy.total_limit_s:g} s: "
            "is there a long loop or training at the top level? Put demo code "
            "under `if __name__ == \"__main__\":`"))
        return False
    except WorkerGone as gone:
        result.mark_not_graded(Status.CRASHED, f"your file crashed while loading: {gone}")
        return False
    if report.get("loaded"):
        return True
    status = report.get("status")  # the worker's word: only a status a load can have
    result.status = Status(status) if status in (Status.NOT_IMPLEMENTED, Status.CRASHED) \
        else Status.IMPORT_ERROR
    result.gradable = False
    if report.get("missing_module"):
        result.message = (f"your file imports `{report['missing_module']}`, which is not "
                          f"available here{report.get('where', '')}")
    elif "type" in report:
        result.message = (f"your file raised {report['type']}: {report['message']}"
                          f"{report.get('where', '')} while loading")
    else:
        result.message = report.get("message", "")
    return False


def _run_suite(run: SuiteRun, public_only: bool) -> GradingPlugin:
    plugin = GradingPlugin(run)
    options = ("-m", "public") if public_only else ()
    code, log = pytest_session.run(catalog.suite_path(run.exercise.stem), plugin, *options)
    if plugin.collection_errors or code in (pytest.ExitCode.INTERNAL_ERROR,
                                            pytest.ExitCode.USAGE_ERROR,
                                            pytest.ExitCode.INTERRUPTED):
        raise RuntimeError(f"the suite for {run.exercise.stem} could not run "
                           f"(pytest exit {code}): "
                           f"{''.join(plugin.collection_errors)[-800:] or log[-800:]}")
    return plugin


def _status(result: SubmissionResult, proxy: SubmissionProxy) -> Status:
    """`not_implemented` when nothing passed and every failure was a stub; `timeout`
    when the whole-submission limit ran out; else `graded`."""
    if proxy.deadline is not None and time.monotonic() >= proxy.deadline and any(
            case.outcome == "timeout" for case in result.tests):
        result.message = "the submission's total time limit ran out; later tests timed out"
        return Status.TIMEOUT
    failing = [case for case in result.tests if case.outcome != "passed"]
    stub_like = [case for case in failing if case.details.get("not_implemented")
                 or case.details.get("missing")]
    if result.tests and not any(case.outcome == "passed" for case in result.tests) \
            and failing and len(stub_like) == len(failing) and any(
            case.details.get("not_implemented") for case in failing):
        result.message = "nothing is implemented yet: every test reached a NotImplementedError"
        return Status.NOT_IMPLEMENTED
    return Status.GRADED
