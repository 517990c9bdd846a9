"""`grade submit FILE --to EXCHANGE --student ID`: deposits with receipts, read by batch."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from grader import exchange
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
