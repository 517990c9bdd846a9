"""The summary's similarity section (`grade batch --similarity`): per exercise its most
similar pairs of submissions, each with the two files side by side, the lines a match
covers marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grader.reports.class_results import ClassResults, Student
from grader.reports.display import clean
from grader.reports.student_page import STUDENTS

if TYPE_CHECKING:  # the pairs' type only: grader.classroom, above reports, makes them
    from grader.classroom import similarity

TOP_PAIRS = 20  # pairs per exercise in the summary's similarity section (the CSV has all)
MAX_SHOWN_LINES = 400  # of each file in a side-by-side view


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
        anchor=f"similar-{stem}-{number}", first=clean(first.name),
        first_link=f"{STUDENTS}/{first.folder}/{stem}.html", second=clean(second.name),
        second_link=f"{STUDENTS}/{second.folder}/{stem}.html",
        score=f"{round(pair.score * 100)} %", identical=pair.identical,
        first_lines=_side_lines(pair.first.text, pair.first_lines),
        second_lines=_side_lines(pair.second.text, pair.second_lines))


def _side_lines(text: str, shared: frozenset[int]) -> list[SideLine]:
    """The file's first MAX_SHOWN_LINES lines, made safe to show, matched ones marked."""
    lines = re.split(r"\r\n|\r|\n", text.removesuffix("\n"))  # as the tokenizer numbers them
    shown = [SideLine(str(number), clean(line.expandtabs(4)), number in shared)
             for number, line in enumerate(lines[:MAX_SHOWN_LINES], start=1)]
    if len(lines) > MAX_SHOWN_LINES:
        shown.append(SideLine("", f"\u2026 {len(lines) - MAX_SHOWN_LINES} more lines", False))
    return shown
