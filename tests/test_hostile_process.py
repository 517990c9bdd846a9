"""The trust boundary between a worker and the processes that grade it.

Each test grades a real hostile submission (tests/hostile/) and checks what must hold
whatever the submission does: no secret of the grader's environment reaches it, it
sees no host process, nothing it starts outlives its grading (nor a killed grader),
its uid cannot be predicted, it cannot write into the grader's pipes, its leftovers
cost the next student nothing, and its memory is limited as a whole. Sandbox-only
cases skip in `rlimits` mode, saying why. Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grader.classroom import local_pool
from grader.classroom.jobs import Job
from grader.engine import sandbox, zygote
from grader.judge.runner import grade
from grader.engine.worker_side.worker import Limits

HOSTILE = Path(__file__).parent / "hostile"
REFERENCE = Path(__file__).resolve().parent.parent / "solutions" / "rmsprop.py"
TOTAL_S, CALL_S = 12.0, 3.0
BOUND_S = TOTAL_S + 2 + 3  # the limit, the promised 2 s, and a zygote start
WORKER_FOLDERS = "torchgrade-worker-" + "?" * 16  # in rlimits mode, in the real /tmp

needs_sandbox = pytest.mark.skipif(
    sandbox.mode() != sandbox.BUBBLEWRAP,
    reason="needs the bubblewrap sandbox (rlimits mode gives workers no PID namespace)")
needs_own_uids = pytest.mark.skipif(
    not sandbox.own_uids(),
    reason="workers get uids of their own only as root, with a Python others can read")


def grade_hostile(name: str, **limits):
    started = time.monotonic()
    result = grade(HOSTILE / name, "rmsprop", time_limit_s=TOTAL_S, call_limit_s=CALL_S,
                   limits=Limits(**limits) if limits else None)
    return result, time.monotonic() - started


def processes_named(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == name:
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def wait_until(condition, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def fresh_zygote() -> None:
    """End the shared zygote: the next grading starts one from the current environment."""
    zygote.shared().close()


def looked(result, what: str) -> str:
    return "\n".join(line for line in result.output.splitlines()
                     if line.startswith(f"LOOK {what}"))


# ---- item 4: the environment -----------------------------------------------------------

def test_no_secret_of_the_graders_environment_reaches_the_worker(monkeypatch):
    secret = "tg-secret-4f1c9e0b7d"
    monkeypatch.setenv("INSTRUCTOR_API_TOKEN", secret)
    monkeypatch.setenv("TORCHGRADE_DATA", f"/data/{secret}")
    fresh_zygote()
    result, _ = grade_hostile("look_around.py")
    assert (result.status, result.score) == ("graded", 10), result.message
    assert "LOOK self environ" in result.output, "the submission could not read its environ"
    assert secret not in json.dumps(result.to_dict())


# ---- item 6: the process listing ----------------------------------------------------------

@needs_sandbox
def test_the_worker_sees_only_its_own_processes():
    result, _ = grade_hostile("look_around.py")
    pids = json.loads(looked(result, "pids").split(" ", 2)[2])
    assert pids and len(pids) <= 3 and max(pids) <= 3, pids
    assert str(os.getpid()) not in result.output
    assert "pytest" not in looked(result, "")


# ---- item 7: nothing outlives its grading ------------------------------------------------

def test_a_double_forked_daemon_is_gone_when_grading_ends():
    result, _ = grade_hostile("double_fork_survivor.py")
    assert (result.status, result.score) == ("graded", 10), result.message
    assert wait_until(lambda: not processes_named("tg-escapee"), 3), \
        "the submission's daemon survived its grading"


def test_nothing_survives_a_killed_grader(tmp_path):
    script = ("import sys; from grader.judge.runner import grade; "
              "grade(sys.argv[1], 'rmsprop', time_limit_s=60, call_limit_s=60)")
    package_root = str(Path(zygote.__file__).resolve().parent.parent)
    grader = subprocess.Popen([sys.executable, "-c", script,
                               str(HOSTILE / "outlive_the_grader.py")],
                              cwd=tmp_path, start_new_session=True,
                              env={**os.environ, "PYTHONPATH": package_root})
    try:
        # The worker names itself last; in rlimits mode its daemon, an orphan of the
        # zygote, may already be dead.
        assert wait_until(lambda: processes_named("tg-outliver"), 60), \
            "the worker never started"
    finally:
        grader.kill()
        grader.wait()
    assert wait_until(lambda: not processes_named("tg-outliver"), 5), \
        "the worker or its daemon survived the grader"


@needs_own_uids
def test_worker_uids_are_random_and_not_derived_from_pids():
    uids = []
    for _ in range(2):
        result, _ = grade_hostile("look_around.py")
        match = re.search(r"^LOOK uid (\d+) pid (\d+)", result.output, re.MULTILINE)
        uids.append(int(match[1]))
    assert uids[0] != uids[1]
    assert all(uid in sandbox.WORKER_UIDS for uid in uids), uids


# ---- item 8: the grader's pipes ----------------------------------------------------------

@pytest.mark.parametrize("mode", ["default", "rlimits"])
def test_a_worker_cannot_forge_or_shift_results_in_a_batch(tmp_path, monkeypatch, mode):
    if mode == "rlimits":
        monkeypatch.setenv("TORCHGRADE_SANDBOX", "rlimits")
    jobs = []
    for student, source in (("mallory", HOSTILE / "forge_batch_result.py"),
                            ("alice", REFERENCE), ("bob", REFERENCE)):
        path = tmp_path / student / "rmsprop.py"
        path.parent.mkdir()
        shutil.copy(source, path)
        jobs.append(Job(student, "rmsprop", f"{student}/rmsprop.py", path, student,
                        limit_s=60))
    results = {}
    folders = set(Path("/tmp").glob(WORKER_FOLDERS))
    pool = local_pool.ServerPool(1, tmp_path)
    pool.run(jobs, lambda job, result: results.__setitem__(job.student, result))
    assert set(Path("/tmp").glob(WORKER_FOLDERS)) <= folders, "a worker folder was left"
    assert results["mallory"].score == 0, "the forged line was taken as her result"
    assert (results["alice"].score, results["bob"].score) == (10, 10), \
        "results were shifted to the next students"


# ---- item 10: leftovers cost the next student nothing -----------------------------------

def test_a_deep_folder_tree_costs_the_next_student_nothing():
    result, _ = grade_hostile("deep_folder_tree.py")
    assert (result.status, result.score) == ("graded", 10), result.message
    after = grade(REFERENCE, "rmsprop")
    assert (after.status, after.score) == ("graded", 10), after.message
    assert not list(Path("/tmp").glob("torchgrade-worker-*/d/d/d"))


def test_a_zygote_that_dies_mid_grading_costs_the_student_nothing():
    grade(REFERENCE, "rmsprop")  # a warm zygote to kill
    victim = zygote.shared().process
    killer = threading.Timer(1.0, victim.kill)
    killer.start()
    try:
        result, seconds = grade_hostile("slow_to_load.py")
    finally:
        killer.cancel()
    assert victim.poll() is not None, "the zygote was not killed during the grading"
    assert (result.status, result.score) == ("graded", 10), result.message
    assert seconds <= 2 * BOUND_S


# ---- item 11: memory as a whole ----------------------------------------------------------

def test_memory_split_over_processes_is_limited_as_a_whole():
    result, seconds = grade_hostile("memory_split.py", memory_bytes=1024 * 2**20)
    assert result.score == 0
    assert "memory limit" in result.message, result.message
    assert seconds <= BOUND_S
    assert wait_until(lambda: not processes_named("tg-memhog"), 3), "a helper survived"


def test_a_correct_submission_fits_the_memory_limit_used_above():
    result = grade(REFERENCE, "rmsprop", limits=Limits(memory_bytes=1024 * 2**20))
    assert (result.status, result.score) == ("graded", 10), result.message
