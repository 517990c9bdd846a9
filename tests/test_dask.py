"""Batch grading on Dask distributed (`grade batch --dask`): the same gradebook as the
local pool, nothing lost when a Dask worker is killed, and one line without Dask.

Real grading on LocalClusters of 2 worker processes: one started by `--dask local`
itself, one started here and reached by its address (the kill test needs its workers'
process ids). The test extra installs Dask; the missing-Dask test runs either way.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import grader.classroom
from grader.classroom import batch
from grader.classroom.batch import BatchOptions
from grader.classroom.jobs import Job
from grader.classroom.journal import JOURNAL
from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
SUBMISSIONS = Path(__file__).parent / "submissions"
HOSTILE = Path(__file__).parent / "hostile"
SLOW = "\nimport time as _time\n_time.sleep(1.0)  # a slow import: the kill lands mid-job\n"


def rule_class(root: Path) -> None:
    """6 rule-exercise submissions of 4 students: correct, buggy, a notebook, hostile."""
    files = {"alice/rmsprop.py": SOLUTIONS / "rmsprop.py",
             "alice/hw2_adam.py": SUBMISSIONS / "adam" / "no_bias_correction.py",
             "bob/rmsprop.ipynb": SUBMISSIONS / "rmsprop" / "notebook_eps_inside_sqrt.ipynb",
             "bob/momentum.py": SOLUTIONS / "momentum.py",
             "carol/rmsprop.py": HOSTILE / "os_exit_in_function.py",
             "dave/adam.py": SUBMISSIONS / "adam" / "betas_swapped.py"}
    for target, source in files.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / target)


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def verdicts(out: Path) -> dict[tuple[str, str], tuple]:
    return {(r["student"], r["exercise"]): (r["status"], r["score"], r["file"],
                                             [m["id"] for m in r["misconceptions"]],
                                             [(t["name"], t["outcome"], t["points"], t["message"])
                                              for t in r["tests"]])
            for r in jsonl(out / "results.jsonl")}


def grade(submissions: Path, out: Path, **options) -> batch.BatchOutcome:
    return batch.run(BatchOptions(submissions, out, progress=False, **options))


@pytest.fixture(scope="module")
def dask_pool():
    pytest.importorskip("distributed")
    from grader.classroom import dask_pool

    return dask_pool


@pytest.fixture(scope="module")
def cluster(dask_pool):
    with dask_pool.local_cluster(2) as running:
        yield running


def test_dask_local_gives_the_gradebook_of_the_local_pool(tmp_path, dask_pool):
    rule_class(tmp_path / "class")
    local = grade(tmp_path / "class", tmp_path / "local", workers=2)
    on_dask = grade(tmp_path / "class", tmp_path / "dask", workers=2, dask="local")
    assert (on_dask.submissions, on_dask.graded_now, on_dask.failures) == (6, 6, 0)
    assert (tmp_path / "dask" / "gradebook.csv").read_bytes() == \
        (tmp_path / "local" / "gradebook.csv").read_bytes()
    assert verdicts(tmp_path / "dask") == verdicts(tmp_path / "local")
    rows = {row["Student"]: row for row in csv.DictReader(open(tmp_path / "dask" /
                                                               "gradebook.csv"))}
    assert (rows["alice"]["rmsprop"], rows["carol"]["rmsprop"]) == ("10", "9")
    keys = {(e["student"], e["stem"]): e["key"]
            for e in jsonl(tmp_path / "local" / ".torchgrade" / JOURNAL)}
    assert keys == {(e["student"], e["stem"]): e["key"]
                    for e in jsonl(tmp_path / "dask" / ".torchgrade" / JOURNAL)}
    assert local.graded_now == 6


def test_dask_resumes_a_journal_like_the_local_pool(tmp_path, cluster):
    rule_class(tmp_path / "class")
    grade(tmp_path / "class", tmp_path / "out", workers=2)
    journal = tmp_path / "out" / ".torchgrade" / JOURNAL
    before = (tmp_path / "out" / "gradebook.csv").read_bytes()
    journal.write_text("".join(journal.read_text().splitlines(keepends=True)[:2]))

    resumed = grade(tmp_path / "class", tmp_path / "out", dask=cluster.scheduler_address)
    assert (resumed.graded_now, resumed.reused) == (4, 2)
    assert (tmp_path / "out" / "gradebook.csv").read_bytes() == before
    assert grade(tmp_path / "class", tmp_path / "out",
                 dask=cluster.scheduler_address).graded_now == 0


def test_killing_a_dask_worker_mid_batch_loses_nothing(tmp_path, cluster):
    sources = [SOLUTIONS / "rmsprop.py", SUBMISSIONS / "rmsprop" / "eps_inside_sqrt.py",
               SUBMISSIONS / "rmsprop" / "correct_variant.py"]
    for number in range(8):
        target = tmp_path / "class" / f"student{number}" / "rmsprop.py"
        target.parent.mkdir(parents=True)
        target.write_text(sources[number % 3].read_text() + SLOW)
    journal = tmp_path / "out" / ".torchgrade" / JOURNAL
    killed: list[str] = []
    killer = threading.Thread(target=kill_a_busy_worker,
                              args=(cluster.scheduler_address, journal, killed), daemon=True)
    killer.start()
    outcome = grade(tmp_path / "class", tmp_path / "out", dask=cluster.scheduler_address)
    killer.join(10)
    assert killed, "no worker was killed while it was grading"

    entries = jsonl(journal)
    assert len(entries) == 8 == len({(e["student"], e["stem"]) for e in entries})
    assert outcome.graded_now == 8 and outcome.failures == 0
    results = sorted(jsonl(tmp_path / "out" / "results.jsonl"), key=lambda r: r["student"])
    assert [r["score"] for r in results] == [10, 6, 10, 10, 6, 10, 10, 6]


def kill_a_busy_worker(address: str, journal: Path, killed: list[str]) -> None:
    """Once a first result is journaled, SIGKILL a Dask worker that holds a job."""
    from distributed import Client

    with Client(address, timeout=30) as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if journal.exists() and journal.read_bytes().count(b"\n") >= 1:
                busy = {worker: keys for worker, keys in client.processing().items() if keys}
                if busy:
                    worker, keys = next(iter(busy.items()))
                    os.kill(client.run(os.getpid, workers=[worker])[worker], signal.SIGKILL)
                    killed.extend(keys)
                    return
            time.sleep(0.05)


# ----------------------------------------------------------------------------- without Dask

def test_without_dask_the_option_says_how_to_install_it(tmp_path, monkeypatch):
    rule_class(tmp_path / "class")
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    monkeypatch.delitem(sys.modules, "grader.classroom.dask_pool", raising=False)
    monkeypatch.delattr(grader.classroom, "dask_pool", raising=False)
    outcome = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "-o",
                                        str(tmp_path / "out"), "--dask", "local"])
    assert outcome.exit_code == 2, outcome.output
    assert outcome.output.strip().splitlines() == \
        ["Error: --dask needs Dask distributed: pip install torchgrade[dask]"]
    assert not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path, monkeypatch, dask_pool):
    rule_class(tmp_path / "class")
    monkeypatch.setattr(dask_pool, "CONNECT_TIMEOUT_S", 1)
    outcome = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "-o",
                                        str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9"])
    assert outcome.exit_code == 2, outcome.output
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in outcome.output
    assert len(outcome.output.strip().splitlines()) == 1


def test_training_jobs_ask_for_a_gpu_and_local_gpu_workers_declare_one(tmp_path, dask_pool):
    job = Job("alice", "mlp", "alice/mlp.py", tmp_path / "mlp.py", "k", 240, True)
    rule = Job("alice", "adam", "alice/adam.py", tmp_path / "adam.py", "k", 90)
    assert dask_pool.resources(job, on_gpu=True) == {"GPU": 1}
    assert dask_pool.resources(job, on_gpu=False) is None  # no GPU worker: run on a CPU
    assert dask_pool.resources(rule, on_gpu=True) is None
    base = {"cls": object, "options": {"nthreads": 1}}
    specs = dask_pool.gpu_specs(base, 2)
    assert [spec["options"] for spec in specs.values()] == [
        {"nthreads": 1, "resources": {"GPU": 1}, "env": {"CUDA_VISIBLE_DEVICES": str(i)}}
        for i in range(2)]
    assert base["options"] == {"nthreads": 1}
