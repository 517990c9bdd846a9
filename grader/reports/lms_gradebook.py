"""gradebook.csv in the format an LMS imports without hand edits (`grade batch --format`).

    plain    Student, ID, <a column per exercise>, Total, Max, Percent     (the default)
    canvas   Canvas's Gradebook import: Student, ID, SIS User ID, SIS Login ID, Section,
             then a column per exercise, and a "Points Possible" row under the header
    moodle   Moodle's assignment grading worksheet ("Upload grading worksheet"):
             Identifier, Full name, Grade, Maximum Grade, Last modified (grade)

Canvas: its importer wants those five columns first, in that order, and matches each
row by `ID` (the Canvas user id of the submission download); every other column is an
assignment, so there is no
Total/Max/Percent (they would become new assignments). A column named after no
existing assignment creates one, worth the Points Possible row's points; name the
exercises as the course's assignments or rename the headers' stems in Canvas's preview.
Students Canvas cannot match (a plain folder, an anonymous download: until grades are
posted Canvas shows no user id) are left out, each with a warning. A download only
knows a student as `lastfirst`: with `--roster EXPORT.csv` (the course's Gradebook
export) Student, SIS User ID, SIS Login ID and Section are the export's.

Moodle: the worksheet's importer finds its columns by their English names `Identifier`
(`Participant <n>`, the number of the download's `<name>_<n>_assignsubmission_...`),
`Grade` and `Last modified (grade)` and ignores the rest; an assignment is one grade,
so Grade is the student's total over the exercises and the Moodle assignment's
maximum grade must be Maximum Grade. No feedback column is written: an empty one would
erase the feedback already in Moodle. Students without a participant number are left
out with a warning.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from grader import catalog
from grader.errors import UserInputError
from grader.reports.class_results import CANVAS, MOODLE
from grader.reports.display import shown

FORMATS = ("plain", "canvas", "moodle")
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS = "    Points Possible"  # as Canvas's own export writes it
MOODLE_HEADER = ["Identifier", "Full name", "Grade", "Maximum Grade",
                 "Last modified (grade)"]
MOODLE_PARTICIPANT = "Participant "


class RosterError(UserInputError, ValueError):
    """An unusable --roster file (one-line message)."""


def read_canvas_roster(path: str | Path) -> dict[str, list[str]]:
    """The five identity cells (Student, ID, SIS User ID, SIS Login ID, Section) of each
    student of a Canvas Gradebook export, by Canvas user id; RosterError if `path` is
    not such an export."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RosterError(f"--roster {path}: cannot be read ({error})") from None
    rows = list(csv.reader(text.splitlines()))
    header = rows[0] if rows else []
    if not set(CANVAS_HEADER) <= set(header):
        raise RosterError(f"--roster {path}: not a Canvas Gradebook export (its first "
                          f"row needs {', '.join(CANVAS_HEADER)})")
    where = [header.index(name) for name in CANVAS_HEADER]
    return {row[where[1]]: [row[index] for index in where] for row in rows[1:]
            if len(row) == len(header) and row[where[1]].strip().isdigit()}


def canvas_rows(results, score, cell, roster: dict[str, list[str]] | None = None
                ) -> tuple[list[list[str]], list[str]]:
    """Canvas's import rows for `results` (a gradebook.ClassResults); `score(item)`
    formats a submission's score, `cell(text)` makes a text spreadsheet-safe; `roster`
    (read_canvas_roster) gives each student's identity cells."""
    rows = [[*CANVAS_HEADER, *results.stems],
            [CANVAS_POINTS, "", "", "", "", *(str(catalog.get(stem).points)
                                               for stem in results.stems)]]
    left_out = []
    for student in results.students:
        if student.layout != CANVAS or not student.lms_id.isdigit():
            left_out.append(student)
            continue
        scores = [results.cells.get((student.key, stem)) for stem in results.stems]
        identity = (roster or {}).get(student.lms_id) or \
            [student.name, student.lms_id, "", "", ""]
        rows.append([cell(shown(text)) for text in identity] +
                    [score(item) if item else "" for item in scores])
    return rows, _left_out(left_out, "Canvas", "no Canvas user id (only the students of "
                           "a Canvas download, not anonymous, can be imported)")


def moodle_rows(results, total, cell, now: datetime.datetime | None = None
                ) -> tuple[list[list[str]], list[str]]:
    """Moodle's grading-worksheet rows; `total(student)` is (total, maximum) formatted."""
    stamp = (now or datetime.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M:%S")
    rows = [list(MOODLE_HEADER)]
    left_out = []
    for student in results.students:
        if student.layout != MOODLE or not student.lms_id.isdigit():
            left_out.append(student)
            continue
        points, maximum = total(student)
        rows.append([MOODLE_PARTICIPANT + student.lms_id, cell(shown(student.name)),
                     points, maximum, stamp])
    return rows, _left_out(left_out, "Moodle", "no Moodle participant number (only the "
                           "students of a Moodle download can be imported)")


def _left_out(students, lms_name: str, why: str) -> list[str]:
    if not students:
        return []
    names = ", ".join(shown(student.key) for student in students[:5])
    more = f" and {len(students) - 5} more" if len(students) > 5 else ""
    return [f"{len(students)} student{'s' if len(students) != 1 else ''} left out of the "
            f"{lms_name} gradebook.csv: {names}{more}: {why}"]
