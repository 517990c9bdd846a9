"""The class's outputs: gradebook CSV, results JSONL, summary and per-student pages.

Everything here only reads results (a ClassResults built by grader.classroom.batch) and writes
files atomically (a temporary file in the same folder, fsynced, then os.replace), so an
interrupted batch never leaves half a gradebook. Numbers are formatted here; the
Jinja2 templates (summary.html.j2, student_index.html.j2) only loop and show/hide.

    OUT/gradebook.csv                  one row per student, a column per exercise
    OUT/results.jsonl                  one result per submission, with "student"
    OUT/summary.html                   the class at a glance
    OUT/students/<folder>/index.html   a student's page, linking <stem>.html and .md
    OUT/gradescope/<folder>/<stem>/results.json   with --gradescope
    OUT/similarity.csv                 with --similarity: the most similar pairs
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from grader import __version__, catalog
from grader.classroom import lms, similarity
from grader.reports import lms_gradebook, report
from grader.reports.files import write_atomic
from grader.result import SubmissionResult, json_safe

GRADEBOOK, RESULTS, SUMMARY = "gradebook.csv", "results.jsonl", "summary.html"
SIMILARITY = "similarity.csv"
TOP_PAIRS = 20  # pairs per exercise in the summary's similarity section (the CSV has all)
MAX_SHOWN_LINES = 400  # of each file in a side-by-side view
STUDENTS, GRADESCOPE = "students", "gradescope"
TOP = 10  # rows in the summary's "most frequent" and "slowest" tables
_STATUS_LABELS = {"graded": "graded", "not_implemented": "not implemented yet",
                  "syntax_error": "syntax error", "import_error": "import error",
                  "timeout": "timed out", "crashed": "crashed",
                  "internal_error": "internal grader error"}


@dataclass
class Student:
    """A student of the class: `key` as in results.jsonl, `name` and `lms_id` as the
    LMS wrote them (lms_id empty for a plain folder), `folder` under OUT/students,
    `layout` the download it came from (which LMS gradebook can take it)."""

    key: str
    name: str
    lms_id: str = ""
    folder: str = ""
    layout: str = ""  # grader.classroom.lms: plain, canvas, canvas-anonymous or moodle


@dataclass
class Graded:
    """The result of one student's submission for one exercise, and its lateness."""

    student: str
    stem: str
    member: str
    result: SubmissionResult
    late: bool = False
    days_late: int = 0
    penalty: float = 0.0  # the fraction of the score the late policy takes (grader.classroom.late)

    @property
    def score(self) -> float:
        """The score the gradebook counts: the result's, less the late penalty."""
        return round(self.result.score * (1.0 - self.penalty), 4)


@dataclass
class ClassResults:
    """What a batch knows at the end: every student, every result, the unused files."""

    students: list[Student]
    graded: list[Graded]
    unplaced: list[Any]  # lms.Unplaced: .member, .reason
    stems: list[str]
    submissions: str = ""

    @functools.cached_property
    def cells(self) -> dict[tuple[str, str], Graded]:
        return {(item.student, item.stem): item for item in self.graded}


# ----------------------------------------------------------------------------- writing

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
        warnings += _write_ours(folder / "index.html", render(
            "student_index.html.j2", student_view(results, student)))
    view = summary_view(results)
    if similar is not None:
        write_atomic(out / SIMILARITY, similarity_csv(results, similar))
        view.similarity = similarity_views(results, similar, threshold)
    warnings += _write_ours(out / SUMMARY, render("summary.html.j2", view))
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


def graded_normally(result: SubmissionResult) -> bool:
    """False for every result the summary lists as "not graded normally" (not
    implemented, syntax or import error, timeout, crash, grader error): the one
    definition the command line's count uses too."""
    return result.status == "graded"


# ----------------------------------------------------------------------------- gradebook

def gradebook_rows(results: ClassResults) -> list[list[str]]:
    """Header and one row per student: Student, ID, a score per exercise (empty when
    nothing was submitted; less the late penalty), Total, Max (every exercise's
    points), Percent, and Late (the late exercises: `rmsprop (2 days)`)."""
    rows = [["Student", "ID", *results.stems, "Total", "Max", "Percent", "Late"]]
    for student in results.students:
        scores = [results.cells.get((student.key, stem)) for stem in results.stems]
        rows.append([_cell(lms.shown(student.name)), _cell(lms.shown(student.lms_id)),
                     *[_num(item.score) if item else "" for item in scores],
                     *_totals(results, student),
                     "; ".join(_lateness(item) for item in scores if item and item.late)])
    return rows


def _totals(results: ClassResults, student: Student) -> tuple[str, str, str]:
    """The student's total (late penalties taken), the maximum and the percent."""
    maximum = sum(catalog.get(stem).points for stem in results.stems)
    total = sum(item.score for stem in results.stems
                if (item := results.cells.get((student.key, stem))) is not None)
    return _num(total), _num(maximum), f"{100 * total / maximum:.1f}" if maximum else ""


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
            results, lambda item: _num(item.score), _cell, roster)
    elif fmt == "moodle":
        rows, warnings = lms_gradebook.moodle_rows(
            results, lambda student: _totals(results, student)[:2], _cell)
    else:
        rows, warnings = gradebook_rows(results), []
    return _csv(rows), warnings


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def results_jsonl(results: ClassResults) -> str:
    """One contract JSON result per line, in gradebook order, with `student` and the
    lateness added: `late`, `days_late`, `late_penalty` (the fraction taken) and
    `final_score` (the score less the penalty, as the gradebook counts it)."""
    lines = []
    for student in results.students:
        for stem in results.stems:
            item = results.cells.get((student.key, stem))
            if item is not None:
                lines.append(json.dumps({"student": lms.shown(student.key),
                                         **item.result.to_dict(), "late": item.late,
                                         "days_late": item.days_late,
                                         "late_penalty": item.penalty,
                                         "final_score": item.score}, allow_nan=False))
    return "".join(line + "\n" for line in lines)


def gradescope_json(result: SubmissionResult,
                    hidden_visibility: str = "after_published") -> dict[str, Any]:
    """Gradescope's results.json: hidden tests show their name, outcome, the rule broken
    (their message, made safe by grader.judge.plugin) and hint, with Gradescope's visibility
    `hidden_visibility` (after_published, hidden or after_due_date; public tests are
    visible); the autograder's stdout is for the instructor only. Read from the result
    as its JSON has it: cut to size."""
    result = SubmissionResult.from_dict(result.to_dict())
    tests = []
    for case in result.tests:
        shown = case.message if case.visibility == "public" else \
            "\n".join(filter(None, [case.message, case.hint]))
        tests.append({"name": case.name, "score": case.points, "max_score": case.max_points,
                      "status": "passed" if case.outcome == "passed" else "failed",
                      "output": "" if case.outcome == "passed" else shown,
                      "visibility": "visible" if case.visibility == "public"
                      else hidden_visibility})
    mistakes = [item.message if item.message.startswith(f"{item.title}: ")
                else f"{item.title or item.id}: {item.message}" for item in result.misconceptions]
    output = "\n".join(filter(None, [_STATUS_LABELS.get(result.status, result.status)
                                     + (f": {result.message}" if result.message else ""),
                                     *mistakes]))
    return {"score": result.score, "execution_time": result.duration_s,
            "output": output, "stdout_visibility": "hidden", "tests": tests}


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
            rows.append([stem, _cell(lms.shown(pair.first.student)),
                         _cell(lms.shown(pair.second.student)), f"{pair.score:.2f}",
                         "yes" if pair.identical else "no", _cell(lms.shown(first.member)),
                         _cell(lms.shown(second.member))])
    return _csv(rows)


def _cell(text: str) -> str:
    """A spreadsheet never runs a name as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _num(value: float) -> str:
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return ""
    return f"{round(value, 2):g}"


def _clean(value: Any) -> str:
    """Text safe in any output: undecodable bytes escaped (lms.shown), control and
    bidi characters as U+FFFD; tabs and newlines kept."""
    text = str(value)
    if any("\ud800" <= char <= "\udfff" for char in text):
        text = lms.shown(text.replace("\n", " ").replace("\t", " "))
    return report.CONTROL_CHARACTERS.sub("\ufffd", text)


# ----------------------------------------------------------------------------- view models

@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    label: str  # "10-19 %"
    label_x: str
    count: str
    count_y: str
    title: str


@dataclass
class Histogram:
    title: str
    description: str
    bars: list[Bar]
    width: int = 520
    height: int = 230
    left: int = 40
    right: int = 510
    top: int = 20
    bottom: int = 180
    y_max: str = ""
    x_label: str = "Score (% of the exercise's points)"
    y_label: str = "Submissions"

    @property
    def anchors(self) -> dict[str, int]:
        return {"tick_y": self.bottom + 16, "x_label_x": (self.left + self.right) // 2,
                "x_label_y": self.height - 10, "y_label_x": 14,
                "y_label_y": (self.top + self.bottom) // 2, "y_max_x": self.left - 6,
                "y_max_y": self.top + 4}


@dataclass
class TestRate:
    name: str
    visibility: str
    passed: str  # "12 / 15"
    percent: str
    width: str  # of the bar, out of 100


@dataclass
class ExerciseView:
    stem: str
    concept: str
    anchor: str
    count: str
    mean: str
    median: str
    histogram: Histogram
    tests: list[TestRate]


@dataclass
class Row:
    """One submission in a summary table."""

    student: str
    link: str
    exercise: str
    score: str
    status: str
    tone: str
    seconds: str
    message: str = ""


@dataclass
class SideLine:
    """One line of a file in a side-by-side view; `shared` when a match covers it."""

    number: str
    text: str
    shared: bool


@dataclass
class SimilarPairView:
    anchor: str
    first: str
    first_link: str
    second: str
    second_link: str
    score: str  # "93 %"
    identical: bool
    first_lines: list[SideLine]
    second_lines: list[SideLine]


@dataclass
class SimilarityView:
    """One exercise's most similar pairs (at most TOP_PAIRS) and how many there are."""

    stem: str
    threshold: str
    count: str
    pairs: list[SimilarPairView]


@dataclass
class SummaryView:
    title: str
    generator: str
    generated: str
    source: str
    facts: list[tuple[str, str]]
    exercises: list[ExerciseView]
    mistakes: list[tuple[str, str, str, str]]  # title, id, exercise, count
    slowest: list[Row]
    failed: list[Row]
    unplaced: list[tuple[str, str]]
    students: list[tuple[str, str, str, str, str]]  # name, id, link, total, percent
    similarity: list[SimilarityView] | None = None  # with --similarity only
    marker: str = report.MARKER
    palette: dict[str, str] = field(default_factory=lambda: dict(report.PALETTE))


@dataclass
class StudentView:
    title: str
    name: str
    lms_id: str
    generator: str
    total: str
    rows: list[tuple[str, str, str, str, str, str]]  # exercise, score, status, tone, html, md
    marker: str = report.MARKER
    palette: dict[str, str] = field(default_factory=lambda: dict(report.PALETTE))


def summary_view(results: ClassResults) -> SummaryView:
    folders = {student.key: student.folder for student in results.students}
    graded = results.graded
    failed = [item for item in graded if not graded_normally(item.result)]
    slowest = sorted(graded, key=lambda item: -item.result.duration_s)[:TOP]
    return SummaryView(
        title="Class summary", generator=f"TorchGrade {__version__}",
        generated=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        source=_clean(results.submissions),
        facts=[("Students", str(len(results.students))),
               ("Submissions graded", str(len(graded))),
               ("Not graded normally", str(len(failed))),
               ("Files matching no exercise or not used", str(len(results.unplaced)))],
        exercises=[_exercise_view(stem, [item.result for item in graded if item.stem == stem])
                   for stem in results.stems],
        mistakes=_mistakes(graded),
        slowest=[_row(item, folders, f"{item.result.duration_s:.1f} s") for item in slowest],
        failed=[_row(item, folders, f"{item.result.duration_s:.1f} s", message=True)
                for item in failed],
        unplaced=[(_clean(item.member), _clean(item.reason)) for item in results.unplaced],
        students=[_student_row(results, student) for student in results.students])


def similarity_views(results: ClassResults, similar: dict[str, list[similarity.Pair]],
                     threshold: float) -> list[SimilarityView]:
    """Per exercise, its most similar pairs with their side-by-side views."""
    students = {student.key: student for student in results.students}
    views = []
    for stem in results.stems:
        pairs = similar.get(stem, [])
        views.append(SimilarityView(
            stem=stem, threshold=f"{round(threshold * 100)} %", count=str(len(pairs)),
            pairs=[_pair_view(pair, stem, number, students)
                   for number, pair in enumerate(pairs[:TOP_PAIRS], start=1)]))
    return views


def _pair_view(pair: similarity.Pair, stem: str, number: int,
               students: dict[str, Student]) -> SimilarPairView:
    first, second = students[pair.first.student], students[pair.second.student]
    return SimilarPairView(
        anchor=f"similar-{stem}-{number}", first=_clean(first.name),
        first_link=f"{STUDENTS}/{first.folder}/{stem}.html", second=_clean(second.name),
        second_link=f"{STUDENTS}/{second.folder}/{stem}.html",
        score=f"{round(pair.score * 100)} %", identical=pair.identical,
        first_lines=_side_lines(pair.first.text, pair.first_lines),
        second_lines=_side_lines(pair.second.text, pair.second_lines))


def _side_lines(text: str, shared: frozenset[int]) -> list[SideLine]:
    """The file's first MAX_SHOWN_LINES lines, made safe to show, matched ones marked."""
    lines = re.split(r"\r\n|\r|\n", text.removesuffix("\n"))  # as the tokenizer numbers them
    shown = [SideLine(str(number), _clean(line.expandtabs(4)), number in shared)
             for number, line in enumerate(lines[:MAX_SHOWN_LINES], start=1)]
    if len(lines) > MAX_SHOWN_LINES:
        shown.append(SideLine("", f"\u2026 {len(lines) - MAX_SHOWN_LINES} more lines", False))
    return shown


def _exercise_view(stem: str, results: list[SubmissionResult]) -> ExerciseView:
    percents = [_percent(result) for result in results]
    maximum = float(catalog.get(stem).points)
    scores = [result.score for result in results]
    return ExerciseView(
        stem=stem, concept=catalog.get(stem).concept, anchor=f"exercise-{stem}",
        count=str(len(results)),
        mean=f"{_num(statistics.fmean(scores))} / {_num(maximum)}" if scores else "-",
        median=f"{_num(statistics.median(scores))} / {_num(maximum)}" if scores else "-",
        histogram=histogram(stem, percents), tests=_pass_rates(results))


def histogram(stem: str, percents: list[float]) -> Histogram:
    """Eleven bins: 0-9 %, 10-19 %, ..., 90-99 % and exactly 100 %."""
    counts = [0] * 11
    for percent in percents:
        counts[10 if percent >= 100 else max(0, int(percent // 10))] += 1
    plot = Histogram(title=f"Score distribution of {stem}", description="", bars=[])
    slot = (plot.right - plot.left) / len(counts)
    tallest = max(counts) or 1
    for index, count in enumerate(counts):
        label = "100 %" if index == 10 else f"{index * 10}-{index * 10 + 9} %"
        height = (plot.bottom - plot.top) * count / tallest
        x = plot.left + index * slot + 3
        plot.bars.append(Bar(
            x=f"{x:.1f}", y=f"{plot.bottom - height:.1f}", width=f"{slot - 6:.1f}",
            height=f"{height:.1f}", label="100" if index == 10 else str(index * 10),
            label_x=f"{x + (slot - 6) / 2:.1f}", count=str(count) if count else "",
            count_y=f"{plot.bottom - height - 4:.1f}",
            title=f"{label}: {count} submission{'s' if count != 1 else ''}"))
    plot.y_max = str(max(counts))
    plot.description = ("Bar chart of how many submissions scored in each band of ten "
                        "percent: " + "; ".join(bar.title for bar in plot.bars) + ".")
    return plot


def _pass_rates(results: list[SubmissionResult]) -> list[TestRate]:
    passed: Counter = Counter()
    seen: Counter = Counter()
    visibility: dict[str, str] = {}
    for result in results:
        for case in result.tests:
            seen[case.name] += 1
            passed[case.name] += case.outcome == "passed"
            visibility.setdefault(case.name, case.visibility)
    rates = []
    for name, total in seen.items():
        share = passed[name] / total
        rates.append(TestRate(_clean(name), _clean(visibility[name]),
                              f"{passed[name]} / {total}", f"{round(share * 100)} %",
                              f"{share * 100:.1f}"))
    return rates


def _mistakes(graded: list[Graded]) -> list[tuple[str, str, str, str]]:
    counts: Counter = Counter()
    titles: dict[tuple[str, str], str] = {}
    for item in graded:
        for mistake in {m.id: m for m in item.result.misconceptions}.values():
            counts[(item.stem, mistake.id)] += 1
            titles.setdefault((item.stem, mistake.id), mistake.title or mistake.id)
    return [(_clean(titles[key]), _clean(key[1]), key[0], str(count))
            for key, count in counts.most_common(TOP)]


def _row(item: Graded, folders: dict[str, str], seconds: str, message: bool = False) -> Row:
    result = item.result
    return Row(student=_clean(item.student), link=f"{STUDENTS}/{folders[item.student]}/"
               f"{item.stem}.html", exercise=item.stem,
               score=f"{_num(result.score)} / {_num(result.max_score)}",
               status=_STATUS_LABELS.get(result.status, _clean(result.status)),
               tone=_tone(result), seconds=seconds,
               message=_first_line(result.message) if message else "")


def _student_row(results: ClassResults, student: Student) -> tuple[str, str, str, str, str]:
    total, maximum, percent = _totals(results, student)
    return (_clean(student.name), _clean(student.lms_id),
            f"{STUDENTS}/{student.folder}/index.html", f"{total} / {maximum}",
            f"{percent} %")


def student_view(results: ClassResults, student: Student) -> StudentView:
    rows = []
    for stem in results.stems:
        item = results.cells.get((student.key, stem))
        if item is None:
            rows.append((stem, "-", "not submitted", "info", "", ""))
            continue
        result = item.result
        rows.append((stem, f"{_num(result.score)} / {_num(result.max_score)}",
                     _STATUS_LABELS.get(result.status, _clean(result.status)),
                     _tone(result), f"{stem}.html", f"{stem}.md"))
    total = _student_row(results, student)
    return StudentView(title=f"{_clean(student.name)}: results", name=_clean(student.name),
                       lms_id=_clean(student.lms_id), generator=f"TorchGrade {__version__}",
                       total=f"{total[3]} ({total[4]})", rows=rows)


def _percent(result: SubmissionResult) -> float:
    if not result.max_score or not math.isfinite(result.score):
        return 0.0
    return min(max(100.0 * result.score / result.max_score, 0.0), 100.0)


def _tone(result: SubmissionResult) -> str:
    if result.status != "graded":
        return "bad" if result.status in ("crashed", "internal_error", "syntax_error",
                                          "import_error") else "warn"
    return "good" if result.score >= result.max_score else "info"


def _first_line(text: str, limit: int = 160) -> str:
    line = _clean(text.strip().split("\n", 1)[0]) if text.strip() else ""
    return line if len(line) <= limit else line[:limit - 1] + "\u2026"


# ----------------------------------------------------------------------------- templates

@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(report.TEMPLATES),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def render(template: str, view: Any) -> str:
    return _environment().get_template(template).render(view=view)
