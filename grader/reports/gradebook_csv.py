"""gradebook.csv and similarity.csv: the class's scores as spreadsheets read them.

A score is written as a number ("7.5"), empty when there is none; a text cell that a
spreadsheet would run as a formula is quoted first (`cell`).
"""

from __future__ import annotations

import csv
import io
import math
from typing import TYPE_CHECKING

from grader import catalog
from grader.reports import lms_gradebook
from grader.reports.class_results import ClassResults, Graded, Student
from grader.reports.display import shown

if TYPE_CHECKING:  # the pairs' type only: grader.classroom, above reports, makes them
    from grader.classroom import similarity


def gradebook_rows(results: ClassResults) -> list[list[str]]:
    """Header and one row per student: Student, ID, a score per exercise (empty when
    nothing was submitted; less the late penalty), Total, Max (every exercise's
    points), Percent, and Late (the late exercises: `rmsprop (2 days)`)."""
    rows = [["Student", "ID", *results.stems, "Total", "Max", "Percent", "Late"]]
    for student in results.students:
        scores = [results.cells.get((student.key, stem)) for stem in results.stems]
        rows.append([cell(shown(student.name)), cell(shown(student.lms_id)),
                     *[points(item.score) if item else "" for item in scores],
                     *totals(results, student),
                     "; ".join(_lateness(item) for item in scores if item and item.late)])
    return rows


def totals(results: ClassResults, student: Student) -> tuple[str, str, str]:
    """The student's total (late penalties taken), the maximum and the percent."""
    maximum = sum(catalog.get(stem).points for stem in results.stems)
    total = sum(item.score for stem in results.stems
                if (item := results.cells.get((student.key, stem))) is not None)
    return points(total), points(maximum), f"{100 * total / maximum:.1f}" if maximum else ""


def _lateness(item: Graded) -> str:
    return f"{item.stem} ({item.days_late} day{'s' if item.days_late != 1 else ''})"


def gradebook_csv(results: ClassResults) -> str:
    return _csv(gradebook_rows(results))


def gradebook_text(results: ClassResults, fmt: str = "plain",
                   roster: dict[str, list[str]] | None = None) -> tuple[str, list[str]]:
    """gradebook.csv in the format `fmt` (lms_gradebook.FORMATS) and the warnings about
    students that format cannot hold."""
    if fmt == "canvas":
        rows, warnings = lms_gradebook.canvas_rows(
            results, lambda item: points(item.score), cell, roster)
    elif fmt == "moodle":
        rows, warnings = lms_gradebook.moodle_rows(
            results, lambda student: totals(results, student)[:2], cell)
    else:
        rows, warnings = gradebook_rows(results), []
    return _csv(rows), warnings


def similarity_csv(results: ClassResults, similar: dict[str, list[similarity.Pair]]) -> str:
    """similarity.csv: one row per pair at or above the threshold, per exercise in
    catalog order, most similar first: the students (as in results.jsonl), the score
    (0..1), whether the files are byte-identical, and the files graded."""
    rows = [["Exercise", "Student A", "Student B", "Similarity", "Identical bytes",
             "File A", "File B"]]
    for stem in results.stems:
        for pair in similar.get(stem, []):
            first, second = (results.cells[(code.student, stem)]
                             for code in (pair.first, pair.second))
            rows.append([stem, cell(shown(pair.first.student)),
                         cell(shown(pair.second.student)), f"{pair.score:.2f}",
                         "yes" if pair.identical else "no", cell(shown(first.member)),
                         cell(shown(second.member))])
    return _csv(rows)


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def cell(text: str) -> str:
    """A spreadsheet never runs a name as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def points(value: float) -> str:
    """A score as the class's outputs write it: "7.5", "" when it is not a number."""
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return ""
    return f"{round(value, 2):g}"
