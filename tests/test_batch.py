"""Batch grading: gradebook, journal and resume, change detection, bad inputs, isolation.

Most tests drive `grader.classroom.batch.run` with a stand-in pool that "grades" a file by the
`# score: N` comment in it, so the bookkeeping is checked on a class of 30 students in
milliseconds. Two tests grade for real with grading processes: a small class with
hostile submissions, and a `grade batch` command killed with SIGKILL and re-run.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.classroom import batch, local_pool
from grader.classroom.jobs import Job, failure
from grader.classroom.progress import Progress
from grader.reports import gradebook, gradescope_results
from grader.classroom.batch import BatchInputError, BatchOptions
from grader.classroom.journal import Journal
from grader.cli import main
from grader.judge.plugin import HIDDEN_VALUE
from grader.result import CaseResult, Misconception, SubmissionResult

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
SUBMISSIONS = Path(__file__).parent / "submissions"
HOSTILE = Path(__file__).parent / "hostile"
STEMS = ("rmsprop", "adam", "activations")


# ----------------------------------------------------------------------------- a stand-in pool

def scripted_result(job: Job) -> SubmissionResult:
    """What the stand-in pool answers: the score written in the file."""
    match = re.search(rb"# score: (\d+)", job.path.read_bytes())
    score = float(match[1]) if match else 0.0
    mistakes = [Misconception(f"{job.stem}.wrong", f"{job.stem} mistake: hint", "a mistake")] \
        if 0 < score < 10 else []
    return SubmissionResult(
        exercise=job.stem, file=job.path.name, sha256="0" * 64, score=score, max_score=10.0,
        status="graded", gradable=True, duration_s=0.01, misconceptions=mistakes,
        tests=[CaseResult("test_rule", score, 10.0, "passed" if score == 10 else "failed",
                          "public")])


class ScriptedPool:
    """Grades in-process; `stop_after=k` raises KeyboardInterrupt after k results."""

    def __init__(self, stop_after: int | None = None):
        self.graded: list[tuple[str, str]] = []
        self.stop_after = stop_after

    def __call__(self, jobs, deliver):
        for job in jobs:
            if self.stop_after is not None and len(self.graded) == self.stop_after:
                raise KeyboardInterrupt
            self.graded.append((job.student, job.stem))
            deliver(job, scripted_result(job))


def make_class(root: Path, students: int = 30) -> dict[tuple[str, str], float]:
    """students x STEMS files with scripted scores; returns the expected scores."""
    expected = {}
    for number in range(students):
        for offset, stem in enumerate(STEMS):
            score = (number + 3 * offset) % 11
            path = root / f"s{number:02d}" / f"hw_{stem}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"# score: {score}\n")
            expected[(f"s{number:02d}", stem)] = float(score)
    return expected


def run(submissions: Path, out: Path, pool=None, **options):
    return batch.run(BatchOptions(submissions, out, progress=False, **options),
                     pool=pool or ScriptedPool())


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# ----------------------------------------------------------------------------- gradebook

def test_gradebook_and_results_agree_with_each_result(tmp_path):
    expected = make_class(tmp_path / "class")
    (tmp_path / "class" / "s00" / "notes.txt").write_text("not code")
    outcome = run(tmp_path / "class", tmp_path / "out")
    assert (outcome.students, outcome.submissions, outcome.graded_now) == (30, 90, 90)

    results = jsonl(tmp_path / "out" / "results.jsonl")
    assert sorted((r["student"], r["exercise"]) for r in results) == sorted(expected)
    assert {(r["student"], r["exercise"]): r["score"] for r in results} == expected
    rows = list(csv.DictReader(open(tmp_path / "out" / "gradebook.csv")))
    assert [row["Student"] for row in rows] == sorted({s for s, _ in expected})
    for row in rows:
        scores = [expected[(row["Student"], stem)] for stem in STEMS]
        assert [float(row[stem]) for stem in STEMS] == scores
        assert float(row["Total"]) == sum(scores) and row["Max"] == "30"
        assert row["Percent"] == f"{100 * sum(scores) / 30:.1f}"

    student = tmp_path / "out" / "students" / "s03"
    assert {p.name for p in student.iterdir()} == {
        "index.html", *(f"{stem}.{suffix}" for stem in STEMS for suffix in ("html", "md"))}
    summary = (tmp_path / "out" / "summary.html").read_text()
    assert summary.count('<svg class="histogram"') == 3
    assert "s00/notes.txt" in summary and "not a .py file" in summary
    assert "rmsprop.wrong" in summary


def test_student_names_are_escaped_and_never_formulas(tmp_path):
    for name in ("<script>x</script>", "=cmd()"):
        (tmp_path / "class" / name).mkdir(parents=True)
        (tmp_path / "class" / name / "rmsprop.py").write_text("# score: 10\n")
    run(tmp_path / "class", tmp_path / "out")
    summary = (tmp_path / "out" / "summary.html").read_text()
    assert "<script>x" not in summary and "&lt;script&gt;x" in summary
    assert "'=cmd()" in (tmp_path / "out" / "gradebook.csv").read_text()


def test_gradescope_hidden_tests_show_their_rule_and_hint():
    result = SubmissionResult(
        exercise="rmsprop", file="rmsprop.py", sha256="0" * 64, score=1, max_score=3,
        status="graded", gradable=True, tests=[
            CaseResult("test_public", 1, 2, "failed", "public", message="got 1, expected 2"),
            CaseResult("test_hidden", 0, 1, "failed", "hidden",
                       message=HIDDEN_VALUE.format("param"), hint="check eps")])
    exported = gradescope_results.gradescope_json(result)
    assert exported["score"] == 1 and [t["output"] for t in exported["tests"]] == \
        ["got 1, expected 2", HIDDEN_VALUE.format("param") + "\ncheck eps"]


# ----------------------------------------------------------------------------- journal and resume

def test_resume_after_interruption_grades_only_what_is_missing(tmp_path):
    expected = make_class(tmp_path / "class", students=6)
    with pytest.raises(batch.BatchInterrupted):
        run(tmp_path / "class", tmp_path / "out", pool=ScriptedPool(stop_after=7))
    assert len(jsonl(tmp_path / "out" / ".torchgrade" / "journal.jsonl")) == 7

    second = ScriptedPool()
    outcome = run(tmp_path / "class", tmp_path / "out", pool=second)
    assert len(second.graded) == len(expected) - 7 and outcome.reused == 7
    results = jsonl(tmp_path / "out" / "results.jsonl")
    assert sorted((r["student"], r["exercise"]) for r in results) == sorted(expected)

    third = ScriptedPool()
    assert run(tmp_path / "class", tmp_path / "out", pool=third).graded_now == 0
    assert third.graded == []


def test_changed_submission_is_graded_again_and_unchanged_ones_are_not(tmp_path):
    make_class(tmp_path / "class", students=4)
    run(tmp_path / "class", tmp_path / "out")
    (tmp_path / "class" / "s02" / "hw_adam.py").write_text("# score: 10\n# fixed\n")
    again = ScriptedPool()
    run(tmp_path / "class", tmp_path / "out", pool=again)
    assert again.graded == [("s02", "adam")]
    scores = {(r["student"], r["exercise"]): r["score"]
              for r in jsonl(tmp_path / "out" / "results.jsonl")}
    assert scores[("s02", "adam")] == 10.0


def test_damaged_last_journal_line_is_skipped_with_a_warning_and_regraded(tmp_path):
    make_class(tmp_path / "class", students=2)
    run(tmp_path / "class", tmp_path / "out")
    journal = tmp_path / "out" / ".torchgrade" / "journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[:-1]) + lines[-1][:40])  # a write cut short
    last = json.loads(lines[-1])
    again = ScriptedPool()
    outcome = run(tmp_path / "class", tmp_path / "out", pool=again)
    assert again.graded == [(last["student"], last["stem"])]
    assert any("damaged" in warning for warning in outcome.warnings)
    records, warnings = Journal(journal).load()  # the new line was not glued to the stub
    assert len(records) == 6 and len(warnings) == 1


def test_internal_errors_are_graded_again_on_a_rerun(tmp_path):
    make_class(tmp_path / "class", students=1)

    def failing(jobs, deliver):
        for job in jobs:
            deliver(job, failure(job, "internal_error", "boom"))

    run(tmp_path / "class", tmp_path / "out", pool=failing)
    again = ScriptedPool()
    run(tmp_path / "class", tmp_path / "out", pool=again)
    assert len(again.graded) == 3


# ----------------------------------------------------------------------------- which file counts

def test_one_file_per_student_and_exercise_counts_and_the_rest_is_listed(tmp_path):
    alice = tmp_path / "class" / "alice"
    alice.mkdir(parents=True)
    (alice / "rmsprop.ipynb").write_text("{}")
    (alice / "rmsprop.py").write_text("# score: 4\n")
    (alice / "old" / "rmsprop-1.py").parent.mkdir()
    (alice / "old" / "hw1_rmsprop.py").write_text("# score: 1\n")
    (alice / "essay.py").write_text("# score: 9\n")
    outcome = run(tmp_path / "class", tmp_path / "out")
    assert outcome.submissions == 1
    [result] = jsonl(tmp_path / "out" / "results.jsonl")
    assert result["score"] == 4.0
    summary = (tmp_path / "out" / "summary.html").read_text()
    assert summary.count("superseded by alice/rmsprop.py") == 2
    assert "alice/essay.py" in summary and "matches no exercise" in summary


def test_canvas_resubmissions_and_a_single_exercise_option(tmp_path):
    download = tmp_path / "canvas"
    download.mkdir()
    (download / "smithjane_11_21_rmsprop.py").write_text("# score: 3\n")
    (download / "smithjane_11_22_rmsprop-1.py").write_text("# score: 8\n")
    (download / "doejohn_LATE_12_23_homework.py").write_text("# score: 6\n")
    run(download, tmp_path / "out", stems=("rmsprop",))
    rows = list(csv.DictReader(open(tmp_path / "out" / "gradebook.csv")))
    assert [(r["Student"], r["ID"], r["rmsprop"]) for r in rows] == \
        [("doejohn", "12", "6"), ("smithjane", "11", "8")]


def test_moodle_zip_download(tmp_path):
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("Jane Smith_4242_assignsubmission_file_/rmsprop.py", "# score: 7\n")
        handle.writestr("Rae Lee_4343_assignsubmission_file_hw2_adam.py", "# score: 5\n")
        handle.writestr("Rae Lee_4343_assignsubmission_onlinetext_/onlinetext.html", "hi")
    outcome = run(archive, tmp_path / "out")
    assert (outcome.students, outcome.submissions, outcome.unplaced) == (2, 2, 1)
    rows = list(csv.DictReader(open(tmp_path / "out" / "gradebook.csv")))
    assert [(r["Student"], r["ID"], r["rmsprop"], r["adam"]) for r in rows] == \
        [("Jane Smith", "4242", "7", ""), ("Rae Lee", "4343", "", "5")]


# ----------------------------------------------------------------------------- bad input

def test_bad_inputs_are_one_line_errors_with_exit_code_2(tmp_path):
    make_class(tmp_path / "class", students=1)
    (tmp_path / "empty").mkdir()
    (tmp_path / "a_file").write_text("mine")
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "thesis.tex").write_text("mine")
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    cases = {
        (str(tmp_path / "missing"), str(tmp_path / "o1")): "no such folder",
        (str(tmp_path / "empty"), str(tmp_path / "o2")): "empty",
        (str(tmp_path / "class"), str(tmp_path / "a_file")): "is a file",
        (str(tmp_path / "class"), str(tmp_path / "class" / "out")): "inside the submissions",
        (str(tmp_path / "class"), str(tmp_path / "theirs")): "not empty",
        (str(tmp_path / "bad.zip"), str(tmp_path / "o3")): "not a readable zip",
    }
    for (source, out), message in cases.items():
        outcome = CliRunner().invoke(main, ["batch", source, "-o", out])
        assert outcome.exit_code == 2, outcome.output
        assert message in outcome.output and len(outcome.output.strip().splitlines()) == 1
    assert (tmp_path / "theirs" / "thesis.tex").read_text() == "mine"
    assert not (tmp_path / "o1").exists() and not (tmp_path / "class" / "out").exists()
    with pytest.raises(BatchInputError, match="unknown exercise"):
        run(tmp_path / "class", tmp_path / "o4", stems=("rmsprob",))


def test_a_file_of_the_user_in_the_output_folder_is_never_overwritten(tmp_path):
    make_class(tmp_path / "class", students=1)
    run(tmp_path / "class", tmp_path / "out")
    mine = tmp_path / "out" / "students" / "s00" / "adam.html"
    mine.write_text("my own notes")
    (tmp_path / "class" / "s00" / "hw_adam.py").write_text("# score: 2\n")
    outcome = run(tmp_path / "class", tmp_path / "out")
    assert mine.read_text() == "my own notes"
    assert any("not a TorchGrade report" in warning for warning in outcome.warnings)


def test_progress_line_and_quiet_when_piped(tmp_path):
    import io

    quiet = io.StringIO()
    progress = Progress(4, stream=quiet)
    progress.update(failure(Job("a", "rmsprop", "", tmp_path / "x.py", "", 1),
                            "crashed", "x"))
    progress.close()
    assert quiet.getvalue() == ""
    assert re.search(r"1/4 .* ETA \d+:\d\d +failures 1", progress.line())


# ----------------------------------------------------------------------------- for real

def real_class(root: Path) -> None:
    files = {"alice/rmsprop.py": SOLUTIONS / "rmsprop.py",
             "alice/hw3_adam.py": SOLUTIONS / "adam.py",
             "bob/rmsprop.py": SUBMISSIONS / "rmsprop" / "eps_inside_sqrt.py",
             "carol/rmsprop.py": HOSTILE / "os_exit_in_function.py",
             "dave/rmsprop.py": HOSTILE / "kill_parent.py",
             "erin/rmsprop.py": HOSTILE / "segfault.py"}
    for target, source in files.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / target)


def test_hostile_submissions_do_not_touch_the_others(tmp_path):
    real_class(tmp_path / "class")
    outcome = batch.run(BatchOptions(tmp_path / "class", tmp_path / "out", workers=2,
                                     progress=False))
    assert outcome.submissions == 6
    results = {(r["student"], r["exercise"]): r for r in
               jsonl(tmp_path / "out" / "results.jsonl")}
    assert results[("alice", "rmsprop")]["score"] == 10
    assert results[("alice", "adam")]["score"] == 10
    assert results[("bob", "rmsprop")]["score"] == 6
    assert [m["id"] for m in results[("bob", "rmsprop")]["misconceptions"]] == \
        ["rmsprop.eps_inside_sqrt"]
    assert results[("carol", "rmsprop")]["score"] == 9
    assert results[("dave", "rmsprop")]["score"] == 0
    assert results[("erin", "rmsprop")]["score"] == 0


def _serving(parent: int) -> list[int]:
    """Grading processes still alive that were started by process `parent`."""
    alive = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if local_pool.SERVE_FLAG.encode() in command and str(parent).encode() in command:
            alive.append(int(entry.name))
    return alive


def _wait_until(condition, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_stop_mid_batch_then_rerun_records_every_result_once(tmp_path, stop):
    sources = [SOLUTIONS / "rmsprop.py", SUBMISSIONS / "rmsprop" / "eps_inside_sqrt.py",
               SUBMISSIONS / "rmsprop" / "correct_variant.py"]
    for number in range(6):
        target = tmp_path / "class" / f"student{number}" / "rmsprop.py"
        target.parent.mkdir(parents=True)
        shutil.copy(sources[number % 3], target)
    command = [sys.executable, "-m", "grader.cli", "batch", str(tmp_path / "class"),
               "-o", str(tmp_path / "out"), "--workers", "1"]
    journal = tmp_path / "out" / ".torchgrade" / "journal.jsonl"
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None and not (
            journal.exists() and journal.read_bytes().count(b"\n") >= 2):
        time.sleep(0.05)
    first.send_signal(stop)
    _, stderr = first.communicate(timeout=30)
    if stop == signal.SIGTERM:  # stopped as Ctrl-C stops it
        assert first.returncode == 130 and b"run the same command again" in stderr, stderr
    kept = journal.read_bytes().count(b"\n")
    assert 2 <= kept < 6, "the batch was not killed mid-run"
    try:
        assert _wait_until(lambda: _serving(first.pid) == [], 10), \
            "grading processes outlived their batch"
    finally:
        for pid in _serving(first.pid):
            os.kill(pid, signal.SIGKILL)

    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert f"{6 - kept} graded now, {kept} unchanged" in second.stdout
    results = jsonl(tmp_path / "out" / "results.jsonl")
    assert sorted(r["student"] for r in results) == [f"student{n}" for n in range(6)]
    assert [r["score"] for r in sorted(results, key=lambda r: r["student"])] == [10, 6, 10] * 2
    entries = jsonl(journal)
    assert len(entries) == 6 == len({(e["student"], e["stem"]) for e in entries})


# ----------------------------------------------------------------------------- regrading

def test_regrade_shows_the_changes_and_replaces_only_with_apply(tmp_path):
    make_class(tmp_path / "class", students=3)
    run(tmp_path / "class", tmp_path / "out")
    before = (tmp_path / "out" / "gradebook.csv").read_text()

    class Stricter(ScriptedPool):  # as if the suite had changed: s01's adam loses 1 point
        def __call__(self, jobs, deliver):
            for job in jobs:
                self.graded.append((job.student, job.stem))
                result = scripted_result(job)
                if (job.student, job.stem) == ("s01", "adam"):
                    result.score -= 1
                deliver(job, result)

    preview = run(tmp_path / "class", tmp_path / "out", pool=Stricter(), regrade=True)
    assert not preview.applied
    assert [(c.student, c.stem, c.old, c.new) for c in preview.changes] == \
        [("s01", "adam", 4.0, 3.0)]
    assert (tmp_path / "out" / "gradebook.csv").read_text() == before

    nothing_new = ScriptedPool()  # the regrade's results are kept until --apply
    applied = run(tmp_path / "class", tmp_path / "out", pool=nothing_new, regrade=True,
                  apply=True)
    assert nothing_new.graded == [] and len(applied.changes) == 1
    assert applied.kept.read_text() == before
    rows = {row["Student"]: row for row in
            csv.DictReader(open(tmp_path / "out" / "gradebook.csv"))}
    assert rows["s01"]["adam"] == "3"


def test_student_option_grades_that_student_again(tmp_path):
    make_class(tmp_path / "class", students=3)
    run(tmp_path / "class", tmp_path / "out")
    again = ScriptedPool()
    run(tmp_path / "class", tmp_path / "out", pool=again, student="s02")
    assert sorted(again.graded) == [("s02", stem) for stem in sorted(STEMS)]
    with pytest.raises(BatchInputError, match="no submission of a student 'nobody'"):
        run(tmp_path / "class", tmp_path / "out", student="nobody")


def test_a_grading_process_that_dies_costs_only_its_own_result(tmp_path, monkeypatch):
    monkeypatch.setattr(local_pool, "SERVE_FLAG", "--exit-at-once")  # each one ends unasked
    path = tmp_path / "rmsprop.py"
    path.write_text("x = 1\n")
    job = Job("alice", "rmsprop", "alice/rmsprop.py", path, "k", limit_s=30)
    delivered = []
    local_pool.ServerPool(1, tmp_path).run([job], lambda job, result: delivered.append(result))
    [result] = delivered
    assert (result.status, result.gradable) == ("internal_error", False)
    assert "died twice" in result.message and "exit code 0" in result.message
