"""`grade validate`'s table: a header, one row per exercise, and why each failing row
failed."""

from __future__ import annotations

from grader.authoring.validate.checks import CHECKS, ExerciseReport

_WIDTHS = {"interface": 9, "markers": 15, "mutants": 11, "reference": 9, "stub": 5,
           "separated": 15, "repeatable": 10, "runtime": 9}


def table_header(stem_width: int = 20) -> str:
    cells = [f"{'stem':<{stem_width}}"] + [f"{name:<{_WIDTHS[name]}}" for name in CHECKS]
    return " ".join(cells + ["verdict", "origin"])


def table_row(report: ExerciseReport, stem_width: int = 20) -> str:
    cells = [f"{report.stem:<{stem_width}}"]
    for name in CHECKS:
        check = report.check(name)
        cells.append(f"{(check.summary if check else '-'):<{_WIDTHS[name]}}")
    return " ".join(cells + [f"{'ok' if report.ok else 'FAIL':<7}", report.origin])


def reasons_text(reports: list[ExerciseReport]) -> str:
    """Why each failing row failed, one line per reason."""
    lines = []
    for report in reports:
        failed = [check for check in report.checks if check.ok is False]
        notes = [f"  {check.name} (note): {note}" for check in report.checks
                 for note in check.notes]
        if failed or notes:
            lines.append(f"{report.stem}:")
            lines += [f"  {check.name}: {reason}" for check in failed
                      for reason in check.reasons] + notes
    return "\n".join(lines)
