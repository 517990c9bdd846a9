"""gradebook.csv as Canvas and Moodle import it, and late work.

The import rules checked here are the documented ones: Canvas's Gradebook import wants
`Student, ID, SIS User ID, SIS Login ID, Section` first, matches a row by ID, takes every
other column as an assignment and reads the optional "Points Possible" row; Moodle's
grading-worksheet upload (mod/assign/feedback/offline) needs the columns `Identifier`
("Participant <n>"), `Grade` and `Last modified (grade)`.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_batch import jsonl, run

from grader.classroom import late
from grader.classroom.batch import BatchInputError
from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORRECT = ROOT / "solutions" / "rmsprop.py"
BUGGY = Path(__file__).parent / "submissions" / "rmsprop" / "eps_inside_sqrt.py"
CANVAS_FIRST = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
READ_ONLY_OR_TOTALS = {"Total", "Max", "Percent", "Late", "Current Score", "Final Score"}


def canvas_import(text: str) -> dict[str, dict[str, float | None]]:
    """What Canvas's Gradebook import would take from `text`, per Canvas user id, or
    AssertionError naming the rule the file breaks."""
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[:5] == CANVAS_FIRST, f"Invalid header row: {header[:5]}"
    assignments = header[5:]
    assert assignments and not READ_ONLY_OR_TOTALS & set(assignments), assignments
    if body and body[0][0].strip() == "Points Possible":
        points = body.pop(0)[5:]
        assert all(float(value) > 0 for value in points)
    taken = {}
    for row in body:
        assert len(row) == len(header) and row[1].isdigit(), row
        taken[row[1]] = {name: (float(value) if value else None)
                         for name, value in zip(assignments, row[5:])}
    return taken


def moodle_import(text: str) -> dict[str, float]:
    """What Moodle's grading-worksheet upload would take: grade per participant."""
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    for needed in ("Identifier", "Grade", "Last modified (grade)"):
        assert needed in header, f"invalid grade import: no {needed!r} column"
    assert "Feedback comments" not in header  # an empty one would erase feedback
    taken = {}
    for row in rows:
        assert row["Identifier"].startswith("Participant ")
        assert datetime.datetime.fromisoformat(row["Last modified (grade)"])
        assert 0 <= float(row["Grade"]) <= float(row["Maximum Grade"])
        taken[row["Identifier"].removeprefix("Participant ")] = float(row["Grade"])
    return taken


def notebook(score: int) -> str:
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": [f"# score: {score}\n"]}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def canvas_class(path: Path) -> dict[str, tuple[str, float, bool]]:
    """A Canvas zip of 40 students: late ones, resubmissions, notebooks, unicode names.
    Returns the expected (name, rmsprop score, late) per Canvas user id."""
    expected = {}
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(40):
            name = ["smithjane", "müllerzoë", "nguyễnan", "o'brienliam"][number % 4] + \
                f"{number:02d}"
            user, score, is_late = str(1000 + number), number % 11, number % 5 == 0
            mark = "_LATE" if is_late else ""
            prefix = f"{name}{mark}_{user}_{5000 + number}_"
            if number % 3 == 0:  # a resubmission: the later one counts
                archive.writestr(prefix + "hw3_rmsprop.py", "# score: 0\n")
                archive.writestr(prefix + "hw3_rmsprop-1.py", f"# score: {score}\n")
            elif number % 3 == 1:
                archive.writestr(prefix + "RMSprop.ipynb", notebook(score))
            else:
                archive.writestr(prefix + "rmsprop (1).py", f"# score: {score}\n")
            expected[user] = (name, float(score), is_late)
    return expected


# ----------------------------------------------------------------------------- canvas

def test_a_canvas_class_of_40_round_trips_into_canvas_gradebook_import(tmp_path):
    expected = canvas_class(tmp_path / "canvas.zip")
    outcome = run(tmp_path / "canvas.zip", tmp_path / "out", gradebook_format="canvas")
    assert (outcome.students, outcome.submissions, outcome.warnings) == (40, 40, [])
    text = (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8")
    assert text.splitlines()[:2] == [
        "Student,ID,SIS User ID,SIS Login ID,Section,rmsprop",
        "    Points Possible,,,,,10"]
    taken = canvas_import(text)
    assert taken == {user: {"rmsprop": score} for user, (_, score, _) in expected.items()}
    rows = {row[1]: row[0] for row in csv.reader(io.StringIO(text))}
    assert all(rows[user] == name for user, (name, _, _) in expected.items())
    results = {r["student"]: r for r in jsonl(tmp_path / "out" / "results.jsonl")}
    assert {key.rsplit("_", 1)[1] for key, r in results.items() if r["late"]} == \
        {user for user, (_, _, is_late) in expected.items() if is_late}


def test_students_canvas_cannot_match_are_left_out_with_a_warning(tmp_path):
    download = tmp_path / "mixed"
    (download / "alice").mkdir(parents=True)
    (download / "alice" / "rmsprop.py").write_text("# score: 4\n")
    (download / "anon_aB3dE_5678_rmsprop.py").write_text("# score: 5\n")
    (download / "doejohn_12_23_rmsprop.py").write_text("# score: 6\n")
    outcome = run(download, tmp_path / "out", gradebook_format="canvas")
    assert canvas_import((tmp_path / "out" / "gradebook.csv").read_text()) == \
        {"12": {"rmsprop": 6.0}}
    [warning] = outcome.warnings
    assert warning.startswith("2 students left out of the Canvas gradebook.csv: ")
    assert "alice" in warning and "anon_aB3dE" in warning


def test_the_plain_gradebook_is_what_canvas_rejects(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "doejohn_12_23_rmsprop.py").write_text("# score: 6\n")
    run(tmp_path / "c", tmp_path / "out")
    text = (tmp_path / "out" / "gradebook.csv").read_text()
    try:
        canvas_import(text)
    except AssertionError as error:
        assert "Invalid header row" in str(error)
    else:
        raise AssertionError("the checker accepts a header Canvas rejects")


# ----------------------------------------------------------------------------- moodle

def test_moodle_download_into_moodle_grading_worksheet(tmp_path):
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("Jane Smith_4242_assignsubmission_file_/rmsprop.py", "# score: 7\n")
        handle.writestr("Jane Smith_4242_assignsubmission_file_/adam.py", "# score: 2\n")
        handle.writestr("Rae Lee_4343_assignsubmission_file_hw2_adam.py", "# score: 5\n")
    outcome = run(archive, tmp_path / "out", gradebook_format="moodle")
    assert outcome.warnings == []
    text = (tmp_path / "out" / "gradebook.csv").read_text()
    assert text.splitlines()[0] == \
        "Identifier,Full name,Grade,Maximum Grade,Last modified (grade)"
    assert moodle_import(text) == {"4242": 9.0, "4343": 5.0}
    assert [row["Full name"] for row in csv.DictReader(io.StringIO(text))] == \
        ["Jane Smith", "Rae Lee"]


# ----------------------------------------------------------------------------- late work

def test_canvas_late_marks_are_recorded_and_no_penalty_by_default(tmp_path):
    download = tmp_path / "canvas"
    download.mkdir()
    (download / "smithjane_LATE_11_21_rmsprop.py").write_text("# score: 10\n")
    (download / "doejohn_12_22_rmsprop.py").write_text("# score: 8\n")
    run(download, tmp_path / "out")
    rows = {row["Student"]: row for row in
            csv.DictReader((tmp_path / "out" / "gradebook.csv").open())}
    assert (rows["smithjane"]["rmsprop"], rows["smithjane"]["Late"]) == \
        ("10", "rmsprop (1 day)")
    assert (rows["doejohn"]["rmsprop"], rows["doejohn"]["Late"]) == ("8", "")
    results = {r["student"]: r for r in jsonl(tmp_path / "out" / "results.jsonl")}
    assert results["smithjane_11"]["late"] and results["smithjane_11"]["late_penalty"] == 0
    assert not results["doejohn_12"]["late"]

    run(download, tmp_path / "out", late_penalty="20%")
    rows = {row["Student"]: row for row in
            csv.DictReader((tmp_path / "out" / "gradebook.csv").open())}
    assert (rows["smithjane"]["rmsprop"], rows["doejohn"]["rmsprop"]) == ("8", "8")
    results = {r["student"]: r for r in jsonl(tmp_path / "out" / "results.jsonl")}
    assert results["smithjane_11"]["score"] == 10  # the result itself is unchanged
    assert results["smithjane_11"]["final_score"] == 8


def test_a_per_day_penalty_counts_started_days_after_due(tmp_path):
    due = datetime.datetime(2026, 12, 1, 23, 59).astimezone()
    times = {"ontime": due - datetime.timedelta(hours=1),
             "minute": due + datetime.timedelta(minutes=1),
             "three": due + datetime.timedelta(days=2, hours=1),
             "forever": due + datetime.timedelta(days=30)}
    for student, when in times.items():
        path = tmp_path / "class" / student / "rmsprop.py"
        path.parent.mkdir(parents=True)
        path.write_text("# score: 10\n")
        os.utime(path, (when.timestamp(), when.timestamp()))
    run(tmp_path / "class", tmp_path / "out", late_penalty="10%/day",
        due=due.isoformat())
    rows = {row["Student"]: (row["rmsprop"], row["Late"]) for row in
            csv.DictReader((tmp_path / "out" / "gradebook.csv").open())}
    assert rows == {"ontime": ("10", ""), "minute": ("9", "rmsprop (1 day)"),
                    "three": ("7", "rmsprop (3 days)"),
                    "forever": ("0", "rmsprop (30 days)")}


def test_unusable_late_options_are_one_line_errors(tmp_path):
    (tmp_path / "class" / "a").mkdir(parents=True)
    (tmp_path / "class" / "a" / "rmsprop.py").write_text("# score: 1\n")
    for options, message in ((["--late-penalty", "ten"], "--late-penalty 'ten'"),
                             (["--late-penalty", "150%"], "at most 100%"),
                             (["--late-penalty", "5%/day"], "needs --due"),
                             (["--due", "tomorrow"], "--due 'tomorrow'")):
        refused = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "-o",
                                            str(tmp_path / "out"), *options])
        assert refused.exit_code == 2 and message in refused.output, refused.output
        assert len(refused.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_late_policy_arithmetic():
    flat = late.parse("25%", None)
    assert flat.penalty(True, 7) == 0.25 and flat.penalty(False, 0) == 0
    daily = late.parse("40%/day", "2026-12-01T00:00+00:00")
    assert daily.penalty(True, 2) == 0.8 and daily.penalty(True, 3) == 1.0


# ----------------------------------------------------------------------------- real grading

def test_grade_batch_format_canvas_grades_for_real(tmp_path):
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("smithjane_11_21_RMSprop.py", CORRECT.read_bytes())
        handle.writestr("doejohn_LATE_12_22_rmsprop (1).py", BUGGY.read_bytes())
    graded = CliRunner().invoke(main, ["batch", str(archive), "-o", str(tmp_path / "out"),
                                       "--workers", "1", "--format", "canvas",
                                       "--late-penalty", "50%"])
    assert graded.exit_code == 0, graded.output
    taken = canvas_import((tmp_path / "out" / "gradebook.csv").read_text())
    results = {r["student"]: r for r in jsonl(tmp_path / "out" / "results.jsonl")}
    assert taken["11"]["rmsprop"] == 10
    assert 0 <= results["doejohn_12"]["score"] < 10 and results["doejohn_12"]["late"]
    assert taken["12"]["rmsprop"] == round(results["doejohn_12"]["score"] / 2, 2)


def test_a_canvas_roster_gives_names_sis_ids_and_sections(tmp_path):
    download = tmp_path / "canvas"
    download.mkdir()
    (download / "smithjane_11_21_rmsprop.py").write_text("# score: 7\n")
    (download / "doejohn_12_22_rmsprop.py").write_text("# score: 4\n")
    export = tmp_path / "export.csv"  # as Canvas exports it: BOM, points row, test student
    export.write_text(
        "\ufeffStudent,ID,SIS User ID,SIS Login ID,Integration ID,Section,HW3 (777)\n"
        "    Points Possible,,,,,,10\n"
        "\"Smith, Jane\",11,S011,jsmith,,Lab A,\n"
        "\"Doe, John\",12,S012,jdoe,,Lab B,3\n"
        "\"Student, Test\",99,,,,Lab A,\n", encoding="utf-8")
    run(download, tmp_path / "out", gradebook_format="canvas", roster=export)
    text = (tmp_path / "out" / "gradebook.csv").read_text()
    assert list(csv.reader(io.StringIO(text)))[2:] == [
        ["Doe, John", "12", "S012", "jdoe", "Lab B", "4"],
        ["Smith, Jane", "11", "S011", "jsmith", "Lab A", "7"]]
    assert canvas_import(text) == {"12": {"rmsprop": 4.0}, "11": {"rmsprop": 7.0}}
    for options, message in (({"roster": export}, "use it with --format canvas"),
                             ({"roster": download / "doejohn_12_22_rmsprop.py",
                               "gradebook_format": "canvas"}, "not a Canvas Gradebook")):
        with pytest.raises(BatchInputError, match=message):
            run(download, tmp_path / "o2", **options)
