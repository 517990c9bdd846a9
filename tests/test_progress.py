"""`grade progress` and the local history that `grade check`/`grade submit` append to."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from grader.student import history
from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = ROOT / "tests" / "submissions"


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def _rows(folder: Path) -> dict[str, dict]:
    rows = json.loads(_run("progress", str(folder), "--json").stdout)
    return {row["exercise"]: row for row in rows}


def _table_line(output: str, stem: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(stem + " "))


def test_progress_after_a_mix_of_checks_and_submits(tmp_path):
    folder = tmp_path / "hw"
    _run("init", str(folder))
    shutil.copy(SUBMISSIONS / "rmsprop" / "eps_inside_sqrt.py", folder / "rmsprop.py")
    shutil.copy(ROOT / "solutions" / "adam.py", folder / "adam.py")
    shutil.copy(ROOT / "solutions" / "momentum.py", folder / "momentum.py")
    (folder / "autograd.py").write_text("def train_autograd(:\n")

    _run("check", str(folder / "rmsprop.py"))  # public tests pass: eps hides there
    _run("submit", str(folder / "rmsprop.py"))  # the hidden tests name the mistake
    _run("submit", str(folder / "adam.py"))
    _run("check", str(folder / "momentum.py"))
    _run("check", str(folder / "linear_model.py"))  # the untouched stub
    _run("check", str(folder / "autograd.py"))

    records = history.read(folder)
    assert [(r["kind"], r["exercise"]) for r in records] == [
        ("check", "rmsprop"), ("submit", "rmsprop"), ("submit", "adam"),
        ("check", "momentum"), ("check", "linear_model"), ("check", "autograd")]

    rows = _rows(folder)
    assert rows["rmsprop"]["state"] == "failing"
    assert (rows["rmsprop"]["score"], rows["rmsprop"]["max_score"]) == (6.0, 10.0)
    assert rows["rmsprop"]["misconceptions"] == ["eps inside the square root"]
    assert rows["adam"]["state"] == "passed" and rows["adam"]["mode"] == "submit"
    assert rows["momentum"]["state"] == "passed" and rows["momentum"]["mode"] == "check"
    assert rows["linear_model"]["state"] == "not started"  # checked, nothing implemented
    assert rows["autograd"]["state"] == "failing" and rows["autograd"]["status"] == "syntax_error"
    assert rows["cnn"]["state"] == "not started" and rows["cnn"]["mode"] == ""
    assert not any(row["changed"] for row in rows.values())

    table = _run("progress", str(folder)).output
    assert "failing (6/10)" in _table_line(table, "rmsprop")
    assert "eps inside the square root" in _table_line(table, "rmsprop")
    assert "submit" in _table_line(table, "rmsprop")
    assert "passed" in _table_line(table, "adam")
    assert "passed (public tests)" in _table_line(table, "momentum")
    assert "failing (syntax error)" in _table_line(table, "autograd")
    assert "not started" in _table_line(table, "mlp")
    assert "2 passed, 2 failing, 12 not started" in table

    with open(folder / "adam.py", "a") as handle:
        handle.write("# one more line\n")
    table = _run("progress", str(folder)).output
    assert "passed*" in _table_line(table, "adam")
    assert "changed since it was last graded" in table


def test_the_latest_grading_wins(tmp_path):
    folder = tmp_path / "hw"
    folder.mkdir()
    history.make_workspace(folder)
    shutil.copy(SUBMISSIONS / "rmsprop" / "eps_inside_sqrt.py", folder / "rmsprop.py")
    _run("submit", str(folder / "rmsprop.py"))
    assert _rows(folder)["rmsprop"]["state"] == "failing"
    shutil.copy(ROOT / "solutions" / "rmsprop.py", folder / "rmsprop.py")
    _run("submit", str(folder / "rmsprop.py"))
    row = _rows(folder)["rmsprop"]
    assert (row["state"], row["score"], row["misconceptions"]) == ("passed", 10.0, [])


def test_a_history_that_cannot_be_written_never_fails_the_grading(tmp_path):
    folder = tmp_path / "hw"
    (folder / history.FOLDER / history.FILE).mkdir(parents=True)  # a folder, not a file
    shutil.copy(ROOT / "solutions" / "rmsprop.py", folder / "rmsprop.py")
    result = CliRunner().invoke(main, ["check", str(folder / "rmsprop.py"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["score"] == 5.0  # stdout stays exactly the JSON
    assert "history was not saved" in result.stderr


def test_files_outside_a_workspace_are_recorded_nowhere(tmp_path):
    shutil.copy(ROOT / "solutions" / "rmsprop.py", tmp_path / "rmsprop.py")
    _run("check", str(tmp_path / "rmsprop.py"))
    assert not list(tmp_path.rglob(history.FOLDER))
    output = _run("progress", str(tmp_path)).output
    assert "no history" in output and "rmsprop" in output


def test_a_file_in_a_subfolder_goes_to_the_enclosing_workspace(tmp_path):
    history.make_workspace(tmp_path)
    (tmp_path / "week3").mkdir()
    shutil.copy(ROOT / "solutions" / "rmsprop.py", tmp_path / "week3" / "hw3_rmsprop.py")
    _run("check", str(tmp_path / "week3" / "hw3_rmsprop.py"))
    [record] = history.read(tmp_path)
    assert (record["file"], record["exercise"], record["passed"]) == (
        "week3/hw3_rmsprop.py", "rmsprop", True)


def test_broken_history_lines_are_skipped(tmp_path):
    history.make_workspace(tmp_path)
    history.append(tmp_path, history.hint_record("adam", 1))
    with open(history.history_file(tmp_path), "a") as handle:
        handle.write("{not json\n[1, 2]\n")
    history.append(tmp_path, history.hint_record("adam", 2))
    assert [r["level"] for r in history.read(tmp_path)] == [1, 2]


def test_progress_of_an_empty_folder(tmp_path):
    output = _run("progress", str(tmp_path)).output
    assert "grade init" in output
    assert CliRunner().invoke(main, ["progress", str(tmp_path / "missing")]).exit_code == 2
