"""What a batch knows about a class at the end: its students, their results, the files
it could not use. Built by grader.classroom.batch; read by every class output."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from grader.result import Status, SubmissionResult

# The downloads a class can come from (Student.layout; read by grader.classroom.lms).
PLAIN, CANVAS, MOODLE = "plain", "canvas", "moodle"
CANVAS_ANONYMOUS = "canvas-anonymous"  # lms_id is the anonymous id, not a Canvas user id


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


def graded_normally(result: SubmissionResult) -> bool:
    """False for every result the summary lists as "not graded normally" (not
    implemented, syntax or import error, timeout, crash, grader error): the one
    definition the command line's count uses too."""
    return result.status == Status.GRADED
