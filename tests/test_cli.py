"""The `grade` command's surface: the catalog listing, help, and usage errors (exit 2)."""

import json

import pytest
from click.testing import CliRunner

from grader import catalog
from grader.cli import main


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
