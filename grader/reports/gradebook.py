"""The class's outputs in OUT/, written at the end of a batch from its ClassResults.

Everything here only reads results and writes files atomically (a temporary file in the
same folder, fsynced, then os.replace: grader.reports.files), so an interrupted batch
never leaves half a gradebook. Each output is made by the module of its concern.

    OUT/gradebook.csv                  one row per student, a column per exercise
                                       (gradebook_csv; lms_gradebook for --format)
    OUT/results.jsonl                  one result per submission, with "student"
    OUT/summary.html                   the class at a glance (summary_page)
    OUT/students/<folder>/index.html   a student's page, linking <stem>.html and .md
                                       (student_page; the reports: report)
    OUT/gradescope/<folder>/<stem>/results.json   with --gradescope (gradescope_results)
    OUT/similarity.csv                 with --similarity: the most similar pairs
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from grader.reports import report
from grader.reports.class_results import ClassResults, Graded, Student
from grader.reports.files import write_atomic
from grader.reports.gradebook_csv import gradebook_text, similarity_csv
from grader.reports.gradescope_results import gradescope_json
from grader.reports.pages import render_page
from grader.reports.similarity_page import similarity_views
from grader.reports.student_page import STUDENTS, student_view
from grader.reports.summary_page import summary_view
from grader.result import json_safe
from grader.reports.display import shown

if TYPE_CHECKING:  # the pairs' type only: grader.classroom, above reports, makes them
    from grader.classroom import similarity

GRADEBOOK, RESULTS, SUMMARY = "gradebook.csv", "results.jsonl", "summary.html"
SIMILARITY = "similarity.csv"
GRADESCOPE = "gradescope"


def write_outputs(out: Path, results: ClassResults, fresh: set[tuple[str, str]],
                  gradescope: bool = False, fmt: str = "plain",
                  roster: dict[str, list[str]] | None = None,
                  similar: dict[str, list[similarity.Pair]] | None = None,
                  threshold: float = 0.0) -> tuple[Path, list[str]]:
    """Write every output into `out`, gradebook.csv in the format `fmt` (see
    grader.reports.lms_gradebook; `roster`: a Canvas roster for it); reports are rewritten
    only for the `fresh` (student, stem) pairs graded in this run, or when missing. A
    report path taken by a file that is not ours is left alone, with a warning.
    `similar` (per stem, the pairs scoring at least `threshold`: grader.classroom.similarity)
    adds similarity.csv and the summary's similarity section.
    Returns (summary.html path, warnings)."""
    text, warnings = gradebook_text(results, fmt, roster)
    write_atomic(out / GRADEBOOK, text)
    write_atomic(out / RESULTS, results_jsonl(results))
    for student in results.students:
        folder = out / STUDENTS / student.folder
        folder.mkdir(parents=True, exist_ok=True)
        for stem in results.stems:
            item = results.cells.get((student.key, stem))
            if item is not None:
                warnings += _write_reports(out, folder, student, item,
                                           (student.key, stem) in fresh, gradescope)
        warnings += _write_ours(folder / "index.html", render_page(
            "student_index.html.j2", student_view(results, student)))
    view = summary_view(results)
    if similar is not None:
        write_atomic(out / SIMILARITY, similarity_csv(results, similar))
        view.similarity = similarity_views(results, similar, threshold)
    warnings += _write_ours(out / SUMMARY, render_page("summary.html.j2", view))
    return out / SUMMARY, warnings


def _write_reports(out: Path, folder: Path, student: Student, item: Graded, fresh: bool,
                   gradescope: bool) -> list[str]:
    warnings = []
    for suffix in ("html", "md"):
        target = folder / f"{item.stem}.{suffix}"
        if fresh or not target.exists():
            try:
                report.write_report(item.result, target)
            except report.ReportError as error:
                warnings.append(str(error))
    if gradescope:
        target = out / GRADESCOPE / student.folder / item.stem / "results.json"
        if fresh or not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, json.dumps(json_safe(gradescope_json(item.result)), indent=2,
                                            allow_nan=False))
    return warnings


def _write_ours(path: Path, html: str) -> list[str]:
    """Write an HTML page unless `path` holds a file that is not a TorchGrade page."""
    if path.exists() and not report.is_report(path):
        return [f"{path} exists and is not a TorchGrade page; left as it was"]
    write_atomic(path, html)
    return []


def results_jsonl(results: ClassResults) -> str:
    """One contract JSON result per line, in gradebook order, with `student` and the
    lateness added: `late`, `days_late`, `late_penalty` (the fraction taken) and
    `final_score` (the score less the penalty, as the gradebook counts it)."""
    lines = []
    for student in results.students:
        for stem in results.stems:
            item = results.cells.get((student.key, stem))
            if item is not None:
                lines.append(json.dumps({"student": shown(student.key),
                                         **item.result.to_dict(), "late": item.late,
                                         "days_late": item.days_late,
                                         "late_penalty": item.penalty,
                                         "final_score": item.score}, allow_nan=False))
    return "".join(line + "\n" for line in lines)
