"""`grade submit FILE --to EXCHANGE --student ID`: deposits with receipts, read by batch."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_batch import run as batch_run

from grader.classroom import exchange
from grader.cli import main
from grader.result import SubmissionResult

ROOT = Path(__file__).resolve().parent.parent
CORRECT = ROOT / "solutions" / "rmsprop.py"
BUGGY = Path(__file__).parent / "submissions" / "rmsprop" / "eps_inside_sqrt.py"


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_deposits_keep_every_version_and_batch_grades_the_latest(tmp_path):
    box = tmp_path / "exchange"
    first_file = tmp_path / "hw3_rmsprop.py"
    first_file.write_bytes(CORRECT.read_bytes())
    first = run("submit", first_file, "--to", box, "--student", "alice", "--json")
    assert first.exit_code == 0, first.output
    current = box / "alice" / "rmsprop.py"
    receipt = json.loads((box / "alice" / ".rmsprop.receipt.json").read_text())
    assert current.read_bytes() == CORRECT.read_bytes()
    assert receipt["sha256"] == sha(CORRECT) and receipt["score"] == 10
    assert receipt["student"] == "alice" and receipt["exercise"] == "rmsprop"
    assert receipt["file"] == "hw3_rmsprop.py" and receipt["time"]

    second = run("submit", BUGGY, "--exercise", "rmsprop", "--to", box, "--student", "alice")
    assert second.exit_code == 0, second.output
    assert current.read_bytes() == BUGGY.read_bytes()
    receipts = exchange.deposits(box, "alice", "rmsprop")
    assert [r["sha256"] for r in receipts] == [sha(CORRECT), sha(BUGGY)]
    assert receipts[1]["score"] < 10
    kept = list((box / "alice" / ".history").glob("rmsprop-*.py"))
    assert len(kept) == 1 and kept[0].read_bytes() == CORRECT.read_bytes()

    out = tmp_path / "graded"
    graded = run("batch", box, "-o", out, "--workers", "1")
    assert graded.exit_code == 0, graded.output
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert [row["Student"] for row in rows] == ["alice"]
    assert float(rows[0]["rmsprop"]) == receipts[1]["score"]
    assert "0 files unused" in graded.output  # receipts and history are not listed
    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(results) == 1 and results[0]["score"] == receipts[1]["score"]


def _result(score: float, stem: str = "rmsprop") -> SubmissionResult:
    return SubmissionResult(exercise=stem, file="x.py", sha256="0" * 64, score=score,
                            max_score=10.0, status="graded", gradable=True, duration_s=0.1)


def test_a_notebook_after_a_py_retires_the_py(tmp_path):
    notebook = tmp_path / "rmsprop.ipynb"
    notebook.write_text("{}")
    exchange.deposit(CORRECT, tmp_path / "box", "bob", _result(10))
    exchange.deposit(notebook, tmp_path / "box", "bob", _result(4))
    folder = tmp_path / "box" / "bob"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == \
        ["rmsprop.ipynb"]
    assert len(list((folder / ".history").glob("rmsprop-*.py"))) == 1
    assert [r["score"] for r in exchange.deposits(tmp_path / "box", "bob", "rmsprop")] == [10, 4]


def test_to_needs_student_and_a_safe_id(tmp_path):
    assert run("submit", CORRECT, "--to", tmp_path / "box").exit_code == 2
    bad = run("submit", CORRECT, "--to", tmp_path / "box", "--student", "../eve")
    assert bad.exit_code == 2
    assert not (tmp_path / "box").exists() and not (tmp_path / "eve").exists()


# ----------------------------------------------------------------------------- privacy

def test_deposits_are_private_to_the_depositor_and_the_instructor(tmp_path):
    previous = os.umask(0o022)  # the usual umask: new files would be world-readable
    try:
        source = tmp_path / "rmsprop.py"
        source.write_bytes(CORRECT.read_bytes())
        source.chmod(0o600)
        made = exchange.deposit(source, tmp_path / "box", "alice", _result(10))
        exchange.deposit(source, tmp_path / "box", "alice", _result(10))  # one to history
    finally:
        os.umask(previous)
    folder = tmp_path / "box" / "alice"
    for path in (made.path, made.receipt_path, *(folder / ".history").iterdir()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path
    for path in (folder, folder / ".history"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o750, path


def test_an_inherited_setgid_bit_is_kept_for_the_instructors_group(tmp_path):
    box = tmp_path / "box"
    box.mkdir()
    box.chmod(0o3773)  # the documented setup (group: the instructor's)
    exchange.deposit(CORRECT, box, "alice", _result(10))
    assert stat.S_IMODE((box / "alice").stat().st_mode) == 0o2750


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to a second uid needs root")
def test_a_student_folder_created_by_someone_else_is_refused(tmp_path):
    box = tmp_path / "box"
    (box / "alice").mkdir(parents=True)
    os.chown(box / "alice", 4242, 4242)  # another local user got there first
    with pytest.raises(exchange.ExchangeError, match="belongs to another user"):
        exchange.deposit(CORRECT, box, "alice", _result(10))
    refused = run("submit", CORRECT, "--to", box, "--student", "alice")
    assert refused.exit_code == 2 and "belongs to another user (uid 4242)" in refused.output
    assert "Traceback" not in refused.output and "score" not in refused.output.lower()
    assert list((box / "alice").iterdir()) == []


def test_a_student_folder_that_is_a_link_is_refused(tmp_path):
    box = tmp_path / "box"
    box.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (box / "alice").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(exchange.ExchangeError, match="not a folder"):
        exchange.deposit(CORRECT, box, "alice", _result(10))
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_batch_checks_every_deposit_against_its_receipt(tmp_path):
    box = tmp_path / "box"
    exchange.deposit(CORRECT, box, "alice", _result(10))
    exchange.deposit(CORRECT, box, "bob", _result(10))
    (box / "bob" / "rmsprop.py").write_text("# replaced after the deposit\n")
    outcome = batch_run(box, tmp_path / "out")
    assert outcome.submissions == 2
    [warning] = outcome.warnings
    assert warning.startswith("bob/rmsprop.py: changed since it was deposited: sha256 ")
    assert sha(CORRECT)[:12] in warning
    (box / "alice" / ".rmsprop.receipt.json").write_text("{not json")
    again = batch_run(box, tmp_path / "out")
    assert "alice/rmsprop.py: its receipt is damaged" in again.warnings
