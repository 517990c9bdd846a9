"""`grade validate`: prove an exercise sound before the first student submits.

Each exercise (built-in or from a course, grader.catalog.course) gets one row of checks:

- `interface`: the stub, solution and suite exist; the stub and the solution define the
  same public names, the catalog's names among them, with the same signatures
  (parameter names, kinds and defaults; annotations are not compared);
- `markers`: every test has one `points(n)` (n > 0) and exactly one of `public`/`hidden`,
  every hidden test a docstring (its first line is the student's hint), and the points
  sum to the catalog's;
- `mutants`: every mutant is declared well (id `<stem>.<name>`, a title, a hint, overrides
  of names the reference defines; several variants of one misconception may share an
  id, with different overrides) and, graded as a submission, loses points
  and is named as exactly its own misconception (a training exercise names mistakes by
  its probes without taking points, so there only the naming counts);
- `reference`: the reference gets full marks and no label;
- `stub`: the untouched stub gets 0 as `not_implemented` (a stub that earns points
  leaks the answer, or a test passes without a solution);
- `separated`: on the inputs the suite recorded, every mutant differs from the
  reference and from every other mutant (else diagnosis cannot tell them apart);
- `repeatable`: grading the reference twice gives the same outcomes and points;
- `runtime`: the reference is graded within RUNTIME_SHARE of the time limit.

One module per check (interface, suite_markers, mutants, separation; reference holds
reference, stub, repeatable and runtime), checks for their vocabulary and table for
the printed table; this module runs them in order.
"""

from __future__ import annotations

import time

from grader import catalog
from grader.authoring.validate.checks import CHECKS, Check, ExerciseReport, skipped
from grader.authoring.validate.interface import check_interface
from grader.authoring.validate.mutants import (check_declarations, check_mutants,
                                                grade_mutants, only_elsewhere)
from grader.authoring.validate.reference import (check_reference, check_repeatable,
                                                  check_runtime, check_stub, grade_reference)
from grader.authoring.validate.separation import check_separated
from grader.authoring.validate.suite_markers import check_markers
from grader.catalog import Exercise


def validate(stems: list[str] | None = None, static_only: bool = False,
             skip_training: bool = False, on_row=None) -> list[ExerciseReport]:
    """Validate `stems` (default: every exercise); `on_row(report)` sees each row."""
    exercises = [catalog.get(stem) for stem in stems] if stems else list(catalog.exercises())
    reports = []
    for exercise in exercises:
        try:
            report = validate_exercise(exercise, static_only, skip_training)
        except Exception as error:  # validation itself failed: still a row, with why
            report = ExerciseReport(exercise.stem, exercise.origin, [Check(
                "error", False, "FAIL", [f"validation failed: {type(error).__name__}: {error}"])])
        reports.append(report)
        if on_row is not None:
            on_row(report)
    return reports


def validate_exercise(exercise: Exercise, static_only: bool = False,
                      skip_training: bool = False) -> ExerciseReport:
    """Every check of one exercise (the dynamic ones unless `static_only`)."""
    started = time.monotonic()
    report = ExerciseReport(exercise.stem, exercise.origin)
    files = catalog.files(exercise.stem)
    report.checks += [check_interface(exercise, files), check_markers(exercise, files)]
    declared = check_declarations(exercise, files)
    if static_only:
        report.checks.append(declared)
    elif report.checks[0].reasons and files.missing():
        report.checks += [declared] + [skipped(name, "files missing") for name in CHECKS[3:]]
    else:
        report.checks += _dynamic(exercise, files, declared, skip_training)
    report.duration_s = round(time.monotonic() - started, 2)
    return report


def _dynamic(exercise: Exercise, files: catalog.ExerciseFiles, declared: Check,
             skip_training: bool) -> list[Check]:
    stub = check_stub(exercise, files)
    if exercise.training and skip_training:
        why = "training exercise: skipped (--skip-training)"
        return [declared if declared.reasons else skipped("mutants", why),
                skipped("reference", why), stub,
                *(skipped(name, why) for name in ("separated", "repeatable", "runtime"))]
    first, runs = grade_reference(exercise, files)
    second, _ = grade_reference(exercise, files)
    mutant_results = grade_mutants(exercise, files) if not declared.reasons else {}
    elsewhere = only_elsewhere(mutant_results)
    checkable = {label: graded for label, graded in mutant_results.items()
                 if label not in elsewhere}
    mutants = declared if declared.reasons else check_mutants(exercise, checkable)
    mutants.notes += list(elsewhere.values())
    return [mutants, check_reference(exercise, first), stub,
            check_separated(exercise, files, runs, checkable),
            check_repeatable(first, second), check_runtime(exercise, first, second)]
