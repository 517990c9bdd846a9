"""The class summary page, OUT/summary.html: the class at a glance (per exercise a
score histogram and the pass rate of each test, the most frequent mistakes, the slowest
submissions, those not graded normally, the files not used, every student's total).
Numbers and SVG coordinates are computed here; summary.html.j2 only places them."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from grader import catalog
from grader.package import __version__
from grader.reports.class_results import ClassResults, Graded, graded_normally
from grader.reports.display import clean, fraction, result_tone, status_label
from grader.reports.gradebook_csv import points
from grader.reports.pages import MARKER, PALETTE
from grader.reports.similarity_page import SimilarityView
from grader.reports.student_page import STUDENTS, student_row
from grader.result import SubmissionResult

TOP = 10  # rows in the summary's "most frequent" and "slowest" tables


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
    marker: str = MARKER
    palette: dict[str, str] = field(default_factory=lambda: dict(PALETTE))


def summary_view(results: ClassResults) -> SummaryView:
    folders = {student.key: student.folder for student in results.students}
    graded = results.graded
    failed = [item for item in graded if not graded_normally(item.result)]
    slowest = sorted(graded, key=lambda item: -item.result.duration_s)[:TOP]
    return SummaryView(
        title="Class summary", generator=f"TorchGrade {__version__}",
        generated=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        source=clean(results.submissions),
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
        unplaced=[(clean(item.member), clean(item.reason)) for item in results.unplaced],
        students=[student_row(results, student) for student in results.students])


def _exercise_view(stem: str, results: list[SubmissionResult]) -> ExerciseView:
    percents = [100.0 * fraction(result.score, result.max_score) for result in results]
    maximum = float(catalog.get(stem).points)
    scores = [result.score for result in results]
    return ExerciseView(
        stem=stem, concept=catalog.get(stem).concept, anchor=f"exercise-{stem}",
        count=str(len(results)),
        mean=f"{points(statistics.fmean(scores))} / {points(maximum)}" if scores else "-",
        median=f"{points(statistics.median(scores))} / {points(maximum)}" if scores else "-",
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
        rates.append(TestRate(clean(name), clean(visibility[name]),
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
    return [(clean(titles[key]), clean(key[1]), key[0], str(count))
            for key, count in counts.most_common(TOP)]


def _row(item: Graded, folders: dict[str, str], seconds: str, message: bool = False) -> Row:
    result = item.result
    return Row(student=clean(item.student), link=f"{STUDENTS}/{folders[item.student]}/"
               f"{item.stem}.html", exercise=item.stem,
               score=f"{points(result.score)} / {points(result.max_score)}",
               status=status_label(result.status), tone=result_tone(result),
               seconds=seconds, message=_first_line(result.message) if message else "")


def _first_line(text: str, limit: int = 160) -> str:
    line = clean(text.strip().split("\n", 1)[0]) if text.strip() else ""
    return line if len(line) <= limit else line[:limit - 1] + "\u2026"
