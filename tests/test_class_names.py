"""Any file name a class hands in: long, undecodable, hostile, symbolic links.

Each test builds a small class on disk or in a zip and runs the batch with the stand-in
pool of test_batch (a file "scores" what its `# score: N` comment says), so only the
naming, matching and reporting is exercised, in milliseconds.
"""

from __future__ import annotations

import csv
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_batch import ScriptedPool, jsonl, run

from grader.classroom import batch, lms, names
from grader.classroom.jobs import failure
from grader.reports import display, report
from grader.cli import main

ESC = "\x1b]0;owned\x07\x1b[31m"  # an OSC title change and a colour
BIDI = "\u202e\u2066"


def rows(out: Path) -> list[dict]:
    return list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))


def every_output(out: Path) -> str:
    """Every file the batch wrote (reports, gradebook, summary), as one text."""
    return "\n".join(path.read_bytes().decode("utf-8") for path in out.rglob("*")
                     if path.is_file() and ".torchgrade" not in path.parts)


# ----------------------------------------------------------------------------- long names

def test_a_245_byte_file_name_and_a_long_zip_member_are_graded(tmp_path):
    long_file = "hw3_" + "x" * 230 + "_rmsprop.py"  # 245 bytes: legal on every file system
    assert len(long_file.encode()) == 245
    (tmp_path / "class" / "alice").mkdir(parents=True)
    (tmp_path / "class" / "alice" / long_file).write_text("# score: 7\n")
    long_student = "é" * 120  # 240 bytes
    (tmp_path / "class" / long_student).mkdir()
    (tmp_path / "class" / long_student / "rmsprop.py").write_text("# score: 5\n")
    outcome = run(tmp_path / "class", tmp_path / "out")
    assert outcome.submissions == 2
    assert {row["Student"]: row["rmsprop"] for row in rows(tmp_path / "out")} == \
        {"alice": "7", long_student: "5"}
    for path in (tmp_path / "out").rglob("*"):
        assert len(path.name.encode()) <= 130, path.name

    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as handle:  # zip names have no 255-byte limit
        handle.writestr(f"smithjane_11_21_{'y' * 600}_rmsprop.py", "# score: 3\n")
        handle.writestr(f"smithjane_11_22_{'y' * 600}_rmsprop-1.py", "# score: 4\n")
        handle.writestr(f"{'z' * 600}/rmsprop.py", "# score: 2\n")  # a long folder too
    run(archive, tmp_path / "out2")
    assert [(row["Student"], row["rmsprop"]) for row in rows(tmp_path / "out2")] == \
        [("smithjane", "4"), ("z" * 600, "2")]
    for path in (tmp_path / "out2").rglob("*"):
        assert len(path.name.encode()) <= 130, path.name


def test_long_names_sharing_a_beginning_stay_distinct():
    one = names.bounded_name("a" * 300, ".py", 120)
    two = names.bounded_name("a" * 299 + "b", ".py", 120)
    assert one != two and one.endswith(".py") and len(one.encode()) <= 120
    assert names.bounded_name("rmsprop", ".py", 120) == "rmsprop.py"  # short: unchanged
    cut = names.bounded_name("é" * 200, "", 100)  # never half a character
    assert len(cut.encode()) <= 100 and cut.encode().decode() == cut


# ----------------------------------------------------------------------------- any byte

def test_every_byte_value_in_folder_names_is_graded_and_shown_safely(tmp_path):
    root = os.fsencode(tmp_path / "class")
    os.mkdir(root)
    names = [bytes([value]) + b"-student" for value in range(1, 256) if value not in b"/."]
    names += [b"caf\xe9", b"\xff\xfe", b"caf\xc3\xa9"]  # Latin-1, junk, and UTF-8 "café"
    for name in names:
        os.mkdir(os.path.join(root, name))
        with open(os.path.join(root, name, b"rmsprop.py"), "wb") as handle:
            handle.write(b"# score: 6\n")
    for attempt in ("first", "re-run"):
        outcome = run(tmp_path / "class", tmp_path / "out")
        assert outcome.students == len(names), attempt
    gradebook = rows(tmp_path / "out")
    assert len(gradebook) == len(names) and {row["rmsprop"] for row in gradebook} == {"6"}
    students = [row["Student"] for row in gradebook]
    assert len(set(students)) == len(names)  # every student is still their own row
    assert "caf\\xe9" in students and "café" in students and "\\xff\\xfe" in students
    for text in students:
        assert not any(ord(char) < 32 or 0x7f <= ord(char) < 0xa0 for char in text)
    results = jsonl(tmp_path / "out" / "results.jsonl")
    assert len(results) == len(names)
    every_output(tmp_path / "out")  # all valid UTF-8


def test_a_zip_name_in_utf8_without_the_flag_and_one_in_cp437(tmp_path, monkeypatch):
    monkeypatch.setattr(zipfile.ZipInfo, "_encodeFilenameFlags",  # write the bytes as given
                        lambda info: (info.filename.encode("cp437"), info.flag_bits))
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for raw, score in ((b"zo\xc3\xab/rmsprop.py", 4), (b"bj\x94rn/rmsprop.py", 5)):
            info = zipfile.ZipInfo(raw.decode("cp437"))  # stored as these bytes, no flag
            handle.writestr(info, f"# score: {score}\n")
    run(archive, tmp_path / "out")
    assert {row["Student"]: row["rmsprop"] for row in rows(tmp_path / "out")} == \
        {"zoë": "4", "björn": "5"}


# ----------------------------------------------------------------------------- escapes

def test_escape_sequences_in_names_reach_no_terminal_and_no_file(tmp_path, monkeypatch):
    hostile = f"eve{ESC}{BIDI}"
    (tmp_path / "class" / hostile).mkdir(parents=True)
    (tmp_path / "class" / hostile / "rmsprop.py").write_text("# score: 2\n")
    (tmp_path / "class" / hostile / f"notes{ESC}.txt").write_text("x")
    out = tmp_path / "out"
    monkeypatch.setattr(batch, "run", lambda options, real=batch.run:
                        real(options, pool=ScriptedPool()))
    first = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "-o", str(out)])
    assert first.exit_code == 0, first.output
    empty = tmp_path / "empty_class"
    (empty / hostile).mkdir(parents=True)
    (empty / hostile / f"essay{ESC}.txt").write_text("x")
    refused = CliRunner().invoke(main, ["batch", str(empty), "-o", str(tmp_path / "o2")])
    assert refused.exit_code == 2 and "no file to grade" in refused.output
    written = every_output(out)
    for text in (first.output, refused.output, written):
        assert "\x1b" not in text and "\x07" not in text
        assert "\u202e" not in text and "\u2066" not in text
    assert rows(out)[0]["Student"] == "eve\\x1b]0;owned\\x07\\x1b[31m\\u202e\\u2066"


def test_regrade_list_on_the_terminal_shows_no_escape(tmp_path, monkeypatch):
    hostile = f"eve{ESC}"
    (tmp_path / "class" / hostile).mkdir(parents=True)
    (tmp_path / "class" / hostile / "rmsprop.py").write_text("# score: 2\n")
    run(tmp_path / "class", tmp_path / "out")

    class Stricter(ScriptedPool):
        def __call__(self, jobs, deliver):
            for job in jobs:
                result = failure(job, "graded", "")
                result.score, result.max_score, result.gradable = 1.0, 10.0, True
                deliver(job, result)

    real_run = batch.run
    monkeypatch.setattr(batch, "run", lambda options: real_run(options, pool=Stricter()))
    shown = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "-o",
                                      str(tmp_path / "out"), "--regrade"])
    assert shown.exit_code == 0, shown.output
    assert "1 scores would change" in shown.output
    assert "\x1b" not in shown.output and "eve\\x1b]0;owned" in shown.output


def test_bidi_controls_from_a_submission_are_neutralised_in_reports():
    assert display.clean(f"score{BIDI}\u200f ok") == "score\ufffd\ufffd\ufffd ok"
    assert lms.shown(f"a{BIDI}\n\x1b\udce9") == "a\\u202e\\u2066\\x0a\\x1b\\xe9"


# ----------------------------------------------------------------------------- symlinks

def test_symlinks_and_special_files_are_listed_not_followed(tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("# score: 10\n")
    alice = tmp_path / "class" / "alice"
    alice.mkdir(parents=True)
    (alice / "rmsprop.py").write_text("# score: 3\n")
    (alice / "adam.py").symlink_to(secret)
    (tmp_path / "class" / "bob").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "rmsprop.py").write_text("# score: 10\n")
    os.mkfifo(alice / "pipe.py")
    outcome = run(tmp_path / "class", tmp_path / "out")
    assert outcome.submissions == 1 and outcome.unplaced == 3
    summary = (tmp_path / "out" / "summary.html").read_text()
    assert "alice/adam.py" in summary and "bob" in summary
    assert summary.count("symbolic link, not followed") == 2
    assert "not a regular file" in summary
    assert [row["Student"] for row in rows(tmp_path / "out")] == ["alice"]


def test_a_symlink_inside_a_zip_is_listed_not_graded(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("alice/rmsprop.py", "# score: 3\n")
        link = zipfile.ZipInfo("alice/adam.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        handle.writestr(link, "/etc/passwd")
    inbox = lms.scan(archive)
    assert [entry.member for entry in inbox.entries] == ["alice/rmsprop.py"]
    assert inbox.unplaced == [lms.Unplaced("alice/adam.py", "symbolic link, not followed")]
    inbox.close()


@pytest.mark.parametrize("name", ["x" * 300 + ".py", f"a{ESC}.py", "\udcff.py"])
def test_staged_names_are_safe_file_names(name):
    staged = names.staged_name(name)
    assert staged.endswith(".py") and len(staged.encode()) <= names.MAX_NAME_BYTES
    assert "\x1b" not in staged and "/" not in staged
    json.dumps(staged).encode("utf-8")


def test_a_zip_whose_utf8_flag_lies_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setattr(zipfile.ZipInfo, "_encodeFilenameFlags",
                        lambda info: (b"al\xffce/rmsprop.py", info.flag_bits | 0x800))
    with zipfile.ZipFile(tmp_path / "bad.zip", "w") as handle:
        handle.writestr("alice/rmsprop.py", "# score: 1\n")
    monkeypatch.undo()
    refused = CliRunner().invoke(main, ["batch", str(tmp_path / "bad.zip"), "-o",
                                        str(tmp_path / "out")])
    assert refused.exit_code == 2 and "marked UTF-8 but is not" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
