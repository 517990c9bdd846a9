"""A student's page, OUT/students/<folder>/index.html: a row per exercise with the
score, the status and links to that exercise's HTML and Markdown reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.package import __version__
from grader.reports.class_results import ClassResults, Student
from grader.reports.display import clean, result_tone, status_label
from grader.reports.gradebook_csv import points, totals
from grader.reports.pages import MARKER, PALETTE

STUDENTS = "students"  # the folder of OUT that holds a folder per student


@dataclass
class StudentView:
    title: str
    name: str
    lms_id: str
    generator: str
    total: str
    rows: list[tuple[str, str, str, str, str, str]]  # exercise, score, status, tone, html, md
    marker: str = MARKER
    palette: dict[str, str] = field(default_factory=lambda: dict(PALETTE))


def student_view(results: ClassResults, student: Student) -> StudentView:
    rows = []
    for stem in results.stems:
        item = results.cells.get((student.key, stem))
        if item is None:
            rows.append((stem, "-", "not submitted", "info", "", ""))
            continue
        result = item.result
        rows.append((stem, f"{points(result.score)} / {points(result.max_score)}",
                     status_label(result.status), result_tone(result),
                     f"{stem}.html", f"{stem}.md"))
    total = student_row(results, student)
    return StudentView(title=f"{clean(student.name)}: results", name=clean(student.name),
                       lms_id=clean(student.lms_id), generator=f"TorchGrade {__version__}",
                       total=f"{total[3]} ({total[4]})", rows=rows)


def student_row(results: ClassResults, student: Student) -> tuple[str, str, str, str, str]:
    """The student as the summary lists them: name, id, their page, total, percent."""
    total, maximum, percent = totals(results, student)
    return (clean(student.name), clean(student.lms_id),
            f"{STUDENTS}/{student.folder}/index.html", f"{total} / {maximum}",
            f"{percent} %")
