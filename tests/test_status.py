"""One result vocabulary: the Status enum, the results made without a normal grading,
and every output naming a status with the same label. Fast: nothing is graded."""

from __future__ import annotations

import datetime
import json

import pytest

from grader.package import __version__
from grader.reports import display, gradescope_results, report
from grader.reports.class_results import ClassResults, Graded, Student
from grader.reports.student_page import student_view
from grader.result import Misconception, Status, SubmissionResult, internal_error_message
from grader.student.workspace import ProgressRow, _state_text

LABELS = {"graded": "graded", "not_implemented": "not implemented yet",
          "syntax_error": "syntax error", "import_error": "import error",
          "timeout": "timed out", "crashed": "crashed",
          "internal_error": "internal grader error"}
IDENTITY = dict(exercise="rmsprop", file="hw3_rmsprop.py", sha256="ab" * 32, max_score=10.0)


def test_the_statuses_are_the_strings_results_have_always_held():
    assert [status.value for status in Status] == list(LABELS)
    assert all(isinstance(status, str) and status == status.value for status in Status)
    assert f"{Status.TIMEOUT}" == str(Status.TIMEOUT) == "timeout"
    assert json.dumps({"status": Status.NOT_IMPLEMENTED}) == '{"status": "not_implemented"}'


def test_each_status_has_one_label_and_a_stranger_is_its_own():
    assert {status.value: status.label for status in Status} == LABELS
    assert Status.label_of("timeout") == "timed out"
    assert Status.label_of("exploded") == "exploded"


def test_a_result_round_trips_its_status_as_the_plain_string():
    result = SubmissionResult.not_graded(Status.CRASHED, "boom", **IDENTITY)
    data = result.to_dict()
    assert type(data["status"]) is str and data["status"] == "crashed"
    back = SubmissionResult.from_dict(json.loads(result.to_json()))
    assert back.status is Status.CRASHED and back == result
    with pytest.raises(ValueError):
        SubmissionResult.from_dict({**data, "status": "exploded"})


@pytest.mark.parametrize("status", [s for s in Status if s != Status.GRADED])
def test_not_graded_gives_the_fields_the_reports_rely_on(status):
    result = SubmissionResult.not_graded(status, "why", **IDENTITY, device="cuda")
    assert (result.status, result.message, result.score, result.gradable) == \
        (status, "why", 0.0, False)
    assert (result.exercise, result.file, result.max_score) == ("rmsprop", "hw3_rmsprop.py", 10.0)
    assert result.device == "cuda" and result.tests == [] and result.grader_version == __version__
    stamped = datetime.datetime.fromisoformat(result.graded_at)
    assert abs(datetime.datetime.now(datetime.timezone.utc) - stamped).total_seconds() < 60


def test_mark_not_graded_stops_a_grading_short():
    result = SubmissionResult.not_graded(Status.TIMEOUT, "", **IDENTITY)
    result.status, result.gradable = Status.GRADED, True
    result.mark_not_graded(Status.SYNTAX_ERROR, "line 3")
    assert (result.status, result.gradable, result.message) == \
        (Status.SYNTAX_ERROR, False, "line 3")


def test_the_grader_failure_message_names_the_error():
    assert internal_error_message(KeyError("x")) == "internal grader error: KeyError: 'x'"


def test_a_misconception_body_drops_the_title_it_repeats():
    assert Misconception("m", "Eps inside: under the root", "Eps inside").body == "under the root"
    assert Misconception("m", "under the root", "Eps inside").body == "under the root"
    assert Misconception("m", "x: y").body == "x: y"


@pytest.mark.parametrize("status", list(Status))
def test_every_output_names_a_status_with_its_one_label(status):
    result = SubmissionResult.not_graded(status, "", **IDENTITY)
    label = LABELS[status.value]
    for fmt in report.FORMATS:
        assert label in report.render(result, fmt), fmt
    assert gradescope_results.gradescope_json(result)["output"] == label
    classes = ClassResults([Student("ann", "ann", folder="ann")],
                           [Graded("ann", "rmsprop", "ann/rmsprop.py", result)], [], ["rmsprop"])
    assert student_view(classes, classes.students[0]).rows[0][2] == label
    if status != Status.GRADED:
        row = ProgressRow("rmsprop", "rmsprop.py", "failing", status=status.value)
        assert _state_text(row) == f"failing ({label})"


def test_tones_follow_the_status_and_full_marks():
    assert [display.status_tone(status) for status in Status] == \
        ["info", "warn", "bad", "bad", "warn", "bad", "bad"]
    full = SubmissionResult.not_graded(Status.GRADED, "", **IDENTITY)
    full.score = 10.0
    assert display.result_tone(full) == "good"
    full.score = 9.0
    assert display.result_tone(full) == "info"


def test_clean_is_one_rule_for_every_output():
    assert display.clean("a\r\nb\rc\x1b[31m\u202e") == "a\nb\nc\ufffd[31m\ufffd"
    assert display.clean("caf\udce9\tx") == "caf\\xe9 x"  # undecodable bytes escaped


def test_a_saved_result_with_an_unknown_status_is_refused(tmp_path):
    data = SubmissionResult.not_graded(Status.CRASHED, "", **IDENTITY).to_dict()
    saved = tmp_path / "r.json"
    saved.write_text(json.dumps({**data, "status": "exploded"}))
    with pytest.raises(report.ReportError, match="unknown status 'exploded'"):
        report.load_result(saved)
