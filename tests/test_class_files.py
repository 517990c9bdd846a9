"""The files students really upload, and counts that agree everywhere.

Matching is case- and separator-insensitive and ignores copy marks; every file that is
not graded is listed with its reason; the command line's counts are the summary's.
The batch runs with the stand-in pool of test_batch (scores from `# score: N`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_batch import ScriptedPool, run, scripted_result

from grader import catalog
from grader.classroom import batch
from grader.classroom.jobs import Job, failure
from grader.classroom.progress import Progress
from grader.cli import main


def rows(out: Path) -> list[dict]:
    return list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))


def unplaced(out: Path) -> str:
    return (out / "summary.html").read_text()


@pytest.mark.parametrize("name, stem", [
    ("RMSprop.py", "rmsprop"), ("rmsprop (1).py", "rmsprop"), ("rmsprop_final.py", "rmsprop"),
    ("LinearModel.py", "linear_model"), ("hw3-RMSprop.ipynb", "rmsprop"),
    ("hw3RMSprop.py", "rmsprop"), ("rmsprop - Copy (2).py", "rmsprop"),
    ("Copy of adam.py", "adam"), ("adam_final_v2 (3).py", "adam"),
    ("my_mlp_scratch.py", "mlp_scratch"), ("Gradient Descent.py", "gradient_descent"),
    ("mlp.py", "mlp"),
])
def test_file_names_students_really_upload(name, stem):
    assert catalog.stem_for_file(name) == stem


@pytest.mark.parametrize("name", ["essay.py", "hw3.py", "rmsprop_helper.py", "final.py",
                                  "(1).py"])
def test_names_of_no_exercise_are_still_refused(name):
    with pytest.raises(catalog.UnknownExercise):
        catalog.stem_for_file(name)


def test_real_uploads_are_graded_and_the_latest_copy_counts(tmp_path):
    files = {"ana/RMSprop.py": 7, "ben/rmsprop (1).py": 4, "ben/rmsprop.py": 1,
             "cy/rmsprop_final.py": 6, "dee/LinearModel.py": 8}
    for member, score in files.items():
        (tmp_path / "class" / member).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "class" / member).write_text(f"# score: {score}\n")
    outcome = run(tmp_path / "class", tmp_path / "out")
    assert (outcome.submissions, outcome.unplaced) == (4, 1)
    assert {(row["Student"], row["rmsprop"], row["linear_model"])
            for row in rows(tmp_path / "out")} == \
        {("ana", "7", ""), ("ben", "4", ""), ("cy", "6", ""), ("dee", "", "8")}
    assert "superseded by ben/rmsprop (1).py" in unplaced(tmp_path / "out")


def test_with_one_exercise_a_file_of_another_is_listed_with_the_reason(tmp_path):
    for member in ("ana/rmsprop.py", "ana/adam.py", "ben/notes.py"):
        (tmp_path / "class" / member).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "class" / member).write_text("# score: 5\n")
    outcome = run(tmp_path / "class", tmp_path / "out", stems=("rmsprop",))
    assert (outcome.submissions, outcome.unplaced) == (2, 1)  # notes.py: taken as rmsprop
    assert "ana/adam.py" in unplaced(tmp_path / "out")
    assert "for adam, not graded in this run (--exercise rmsprop)" in \
        unplaced(tmp_path / "out")


def test_canvas_anonymous_grading_downloads(tmp_path):
    download = tmp_path / "canvas"
    download.mkdir()
    (download / "anon_aB3dE_5678_rmsprop.py").write_text("# score: 3\n")
    (download / "LATE_anon_aB3dE_5679_rmsprop-1.py").write_text("# score: 9\n")
    (download / "anon_Zq7Wx_5680_hw3_RMSprop.py").write_text("# score: 5\n")
    outcome = run(download, tmp_path / "out")
    assert (outcome.students, outcome.submissions) == (2, 2)
    assert [(row["Student"], row["ID"], row["rmsprop"]) for row in rows(tmp_path / "out")] \
        == [("anon_aB3dE", "aB3dE", "9"), ("anon_Zq7Wx", "Zq7Wx", "5")]


class StatusPool(ScriptedPool):
    """A `# status: X` comment makes the result's status X (score 0)."""

    def __call__(self, jobs, deliver):
        for job in jobs:
            self.graded.append((job.student, job.stem))
            result = scripted_result(job)
            status = re.search(rb"# status: (\w+)", job.path.read_bytes())
            if status:
                result.status, result.score = status[1].decode(), 0.0
            deliver(job, result)


def test_the_command_line_counts_what_the_summary_counts(tmp_path, monkeypatch):
    statuses = {"ana": "graded", "ben": "not_implemented", "cy": "syntax_error",
                "dee": "timeout"}
    for student, status in statuses.items():
        (tmp_path / "class" / student).mkdir(parents=True)
        (tmp_path / "class" / student / "rmsprop.py").write_text(f"# status: {status}\n")
    (tmp_path / "class" / "ana" / "essay.txt").write_text("x")
    real_run = batch.run
    monkeypatch.setattr(batch, "run", lambda options: real_run(options, pool=StatusPool()))
    args = ["batch", str(tmp_path / "class"), "-o", str(tmp_path / "out")]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "4 graded now, 0 unchanged, 3 not graded normally, 1 file unused" in first.output
    summary = unplaced(tmp_path / "out")
    assert re.search(r"Not graded normally</dt>\s*<dd>3<", summary), summary[:3000]

    preview = CliRunner().invoke(main, [*args, "--regrade"])
    assert preview.exit_code == 0, preview.output
    applied = CliRunner().invoke(main, [*args, "--regrade", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "0 graded now, 4 unchanged" in applied.output  # the preview's results reused


def test_the_progress_line_counts_what_the_summary_counts():
    progress = Progress(2, enabled=False)
    for status in ("not_implemented", "graded"):
        result = failure(Job("s", "rmsprop", "m", Path("x.py"), "k", 1.0),
                         status, "")
        progress.update(result)
    assert progress.failures == 1 and "failures 1" in progress.line()
