"""The `grade` command's surface: the catalog listing, help, and usage errors (exit 2)."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from grader import catalog
from grader.catalog import course
from grader.cli import main
from grader.errors import EXIT_USAGE


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_list_shows_every_exercise_with_points_limits_and_training_budgets():
    result = run("list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["stem", "concept", "points", "limit"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == set(catalog.stems())
    assert "cpu 90s / cuda 60s" in rows["mlp"] and rows["rmsprop"].rstrip().endswith("built-in")


def test_list_json_has_the_catalog_fields():
    rows = json.loads(run("list", "--json").output)
    by_stem = {row["stem"]: row for row in rows}
    assert len(rows) == 16 and by_stem["cnn"]["training_budget_s"] == {"cpu": 150.0,
                                                                       "cuda": 60.0}
    assert by_stem["rmsprop"]["names"] == ["rmsprop_step", "RMSprop"]
    assert by_stem["rmsprop"]["training_budget_s"] == {}


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_subcommand_has_useful_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert len(result.output.splitlines()) >= 4


def test_unknown_command_is_exit_2_with_close_matches():
    result = run("sumbit")
    assert result.exit_code == 2 and "Did you mean: submit" in result.output


def test_missing_file_and_unknown_exercise_are_exit_2(tmp_path):
    missing = run("submit", str(tmp_path / "rmsprop.py"))
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    (tmp_path / "homework.py").write_text("x = 1\n")
    unknown = run("submit", str(tmp_path / "homework.py"))
    assert unknown.exit_code == 2 and "rmsprop" in unknown.output  # lists the stems
    wrong = run("submit", str(tmp_path / "homework.py"), "--exercise", "rmsprob")
    assert wrong.exit_code == 2 and "Did you mean: rmsprop" in wrong.output


# ---- one handler for bad input: any UserInputError is one line and exit code 2 -----------

def test_a_user_input_error_in_its_own_process_is_one_line_exit_2(tmp_path):
    """The real `grade` process: catalog.get raises UnknownExercise (a UserInputError)
    inside `grade hint`'s code; stderr is that one line, with no traceback or usage."""
    refused = subprocess.run([sys.executable, "-m", "grader.cli", "hint", "rmsprob",
                              "--dir", str(tmp_path / "work")],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == EXIT_USAGE and refused.stdout == ""
    assert refused.stderr.startswith("Error: unknown exercise 'rmsprob'. Did you mean: rmsprop?")
    assert refused.stderr.count("\n") == 1
    assert "Traceback" not in refused.stderr and "Usage:" not in refused.stderr
    assert not (tmp_path / "work").exists()  # refused before anything was written


@pytest.mark.parametrize("arguments, message", [
    (["check", "{tmp}/notes.py", "--watch"], "cannot tell which exercise"),  # catalog
    (["check", "{tmp}/rmsprop.py", "--watch"], "no such file"),  # the command itself
    (["validate", "rmsprob"], "Did you mean: rmsprop?"),  # catalog
    (["gradescope-zip", "rmsprob", "-o", "{tmp}/a.zip"], "Did you mean: rmsprop?"),
    (["new", "my-ex", "--course", "{tmp}"], "cannot be a stem"),  # scaffold
    (["report", "{tmp}/notes.py"], "not JSON"),  # report
    (["init", "{tmp}/notes.py/hw"], "cannot set up"),  # an OSError on the user's path
    (["--course", "{tmp}", "list"], "is not a course folder"),  # course, in the group
])
def test_every_kind_of_bad_input_is_one_error_line_and_exit_2(tmp_path, monkeypatch,
                                                               arguments, message):
    monkeypatch.setenv(course.ENV_VAR, "")  # whatever --course sets is undone afterwards
    (tmp_path / "notes.py").write_text("x = 1\n")
    result = run(*(argument.format(tmp=tmp_path) for argument in arguments))
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert message in result.output and "Usage:" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_option_combination_is_still_a_usage_error():
    """`--to` without `--student` is click's kind of usage error: usage and a hint."""
    result = run("submit", "rmsprop.py", "--to", "box")
    assert result.exit_code == EXIT_USAGE
    assert "Usage: " in result.output and "--to and --student go together" in result.output
