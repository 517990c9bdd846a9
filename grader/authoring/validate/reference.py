"""The checks that grade the reference and the stub as submissions: `reference`
(full marks, no label), `stub` (0 as not_implemented), `repeatable` (the same result
twice) and `runtime` (graded within RUNTIME_SHARE of the time limit)."""

from __future__ import annotations

from grader import catalog
from grader.authoring.validate.checks import Check, verdict
from grader.catalog import Exercise
from grader.judge import runner
from grader.result import Status

RUNTIME_SHARE = 0.5  # a reference must be graded in half its time limit: room for slow hosts


def grade_reference(exercise: Exercise, files: catalog.ExerciseFiles):
    assert files.solution is not None  # the dynamic checks run only on complete exercises
    runs: list[runner.SuiteRun] = []
    result = runner.grade(files.solution, exercise.stem, observe=runs.append)
    return result, runs


def _failures(result) -> list[str]:
    if result.status not in (Status.GRADED, Status.NOT_IMPLEMENTED):
        return [f"status {result.status}: {last_error(result.message)}"]
    return [f"{case.name} {case.outcome}: {case.message[:300]}"
            for case in result.tests if case.outcome != "passed"]


def last_error(message: str) -> str:
    """An internal error's gist: its last `...Error: ...` line, not pytest's traceback."""
    lines = [line.replace("INTERNALERROR>", "").strip() for line in message.splitlines()]
    errors = [line for line in lines if "Error: " in line or "Exception: " in line]
    gist = errors[-1] if errors else (lines[0] if lines else "")
    return gist if len(gist) <= 300 else gist[:297] + "..."


def check_reference(exercise: Exercise, result) -> Check:
    """Full marks, every test passed, no label."""
    reasons = _failures(result)
    if not reasons and result.score != exercise.points:
        reasons.append(f"the reference gets {result.score:g}/{exercise.points}")
    if result.misconceptions:
        reasons.append(f"the reference is labelled {[m.id for m in result.misconceptions]}")
    return verdict("reference", reasons, f"{result.score:g}/{result.max_score:g}")


def check_stub(exercise: Exercise, files: catalog.ExerciseFiles) -> Check:
    """The untouched stub: 0 points, status not_implemented."""
    assert files.stub is not None  # the dynamic checks run only on complete exercises
    result = runner.grade(files.stub, exercise.stem)
    reasons = []
    if result.score > 0:
        passing = [case.name for case in result.tests if case.points > 0]
        reasons.append(f"the stub earns {result.score:g} points ({', '.join(passing)}): it "
                       f"leaks the answer, or a test passes without a solution")
    elif result.status != Status.NOT_IMPLEMENTED:
        reasons.append(f"the stub's status is {result.status}, not not_implemented: every "
                       f"public name should raise NotImplementedError"
                       + (f" ({last_error(result.message)})" if result.message else ""))
    return verdict("stub", reasons, "0 n/i")


def _fingerprint(result) -> tuple:
    return (result.status, result.score,
            tuple((case.name, case.outcome, case.points) for case in result.tests),
            tuple(sorted(item.id for item in result.misconceptions)))


def check_repeatable(first, second) -> Check:
    """The same outcomes, points and labels twice."""
    reasons = []
    if _fingerprint(first) != _fingerprint(second):
        before = {case.name: (case.outcome, case.points) for case in first.tests}
        changed = [f"{case.name}: {before.get(case.name)} then {(case.outcome, case.points)}"
                   for case in second.tests if before.get(case.name) != (case.outcome,
                                                                        case.points)]
        reasons.append("grading the reference twice gave different results"
                       + (f" ({'; '.join(changed)})" if changed else
                          f" ({first.status} {first.score:g} then "
                          f"{second.status} {second.score:g})"))
    return verdict("repeatable", reasons, "same")


def check_runtime(exercise: Exercise, first, second) -> Check:
    """The faster of the two reference gradings within RUNTIME_SHARE of the limit."""
    seconds = min(first.duration_s, second.duration_s)
    allowed = RUNTIME_SHARE * exercise.time_limit_s
    reasons = []
    if seconds > allowed:
        reasons.append(f"grading the reference takes {seconds:.1f} s; the limit is "
                       f"{exercise.time_limit_s:g} s, so it should take at most "
                       f"{allowed:g} s ({RUNTIME_SHARE:.0%}) to leave room for slow hosts")
    return verdict("runtime", reasons, f"{seconds:.1f}/{exercise.time_limit_s:g}s")
