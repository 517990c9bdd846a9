"""`grade demo`: the bundled class graded through grade batch's machinery."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from grader.classroom import demo
from grader.cli import main


def test_demo_grades_the_bundled_class(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    out = tmp_path / demo.DEFAULT_OUT
    rows = {row["Student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert sorted(rows) == demo.students() and len(rows) == 10
    assert {"rmsprop", "adam", "linear_model"} <= set(next(iter(rows.values())))
    assert rows["ada"]["Percent"] == "100.0"                      # all correct
    assert float(rows["ben"]["rmsprop"]) < 10                     # eps inside sqrt
    assert rows["chloe"]["rmsprop"] == "10"                       # a notebook
    assert float(rows["ines"]["rmsprop"]) == 0                    # a syntax error
    assert float(rows["felix"]["rmsprop"]) < 10                   # os._exit mid-grading
    assert (out / "summary.html").is_file()
    assert str((out / "summary.html").resolve()) in result.output

    again = CliRunner().invoke(main, ["demo"])  # an earlier demo's output: resumes
    assert again.exit_code == 0, again.output
    assert "0 graded now" in again.output


def test_demo_refuses_a_folder_that_is_not_a_demo(tmp_path):
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("precious")
    result = CliRunner().invoke(main, ["demo", str(mine)])
    assert result.exit_code == 2
    assert "not an earlier `grade demo` output" in result.output
    assert sorted(p.name for p in mine.iterdir()) == ["chapter1.tex"]


def test_demo_class_ships_as_package_data():
    files = list(demo.CLASS.glob("*/*"))
    assert len(demo.students()) == 10
    assert any(path.suffix == ".ipynb" for path in files)
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert '"demo_class/*/*"' in pyproject
