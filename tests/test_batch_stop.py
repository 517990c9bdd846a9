"""A stopped batch leaves nothing running (issue 20, 6c).

`grade batch` is stopped (SIGINT as Ctrl-C, SIGTERM, SIGKILL) while every student's
code loops at 100 % of a core: in the rule, and in processes that left the worker's
session (setsid) and were orphaned. Afterwards no process the batch started may be
left: no grading process, zygote, bubblewrap, namespace init, worker, Dask process or
student loop. Both sandbox modes, the local pool and `--dask local`.

Each test polls /proc for survivors with a deadline, and kills whatever is left in a
`finally`, so a failing test never leaves loops running.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.engine import sandbox

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"
START_S = 60  # until the loops run: two grading processes warm up on a busy machine
GONE_S = 10  # from the signal until nothing is left


def _marker() -> str:
    return "tg-" + secrets.token_hex(6)  # 15 characters: all of a comm


def _class(folder: Path, marker: str) -> Path:
    """Three students whose rmsprop loops forever; the second also leaves setsid'd
    loops behind. Every loop is named `marker`."""
    sources = ["loop_forever_in_rule.py", "setsid_loopers.py", "loop_forever_in_rule.py"]
    for number, name in enumerate(sources):
        target = folder / f"student{number}" / "rmsprop.py"
        target.parent.mkdir(parents=True)
        target.write_text((HOSTILE / name).read_text().replace("tg-MARK", marker))
    return folder


def _processes() -> dict[int, tuple[int, str, str]]:
    """Every process: pid -> (parent pid, state, start time)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), fields[0], fields[19])
    return table


def _comm(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "comm").read_text().strip()
    except OSError:
        return ""


def _descendants(root: int) -> dict[int, str]:
    """The processes under `root` now: pid -> start time (a pid reused later is not ours)."""
    table = _processes()
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _, start) in table.items():
            if ppid == parent and pid not in found:
                found[pid] = start
                frontier.append(pid)
    return found


def _marked(marker: str) -> dict[int, str]:
    return {pid: start for pid, (_, state, start) in _processes().items()
            if _comm(pid) == marker}


def _alive(known: dict[int, str]) -> list[int]:
    """Those of `known` still running (zombies are gone: they run nothing)."""
    table = _processes()
    return [pid for pid, start in known.items()
            if pid in table and table[pid][2] == start and table[pid][1] not in "ZX"]


def _wait_for_loops(batch: subprocess.Popen, marker: str, count: int) -> None:
    deadline = time.monotonic() + START_S
    while len(_marked(marker)) < count:
        assert batch.poll() is None, batch.communicate()
        assert time.monotonic() < deadline, "the student loops never started"
        time.sleep(0.1)


def _survivors(known: dict[int, str], marker: str) -> list[str]:
    """Polls until nothing of `known` (nor any process named `marker`) runs, or
    GONE_S; returns what is left, described."""
    deadline = time.monotonic() + GONE_S
    while True:
        left = sorted(set(_alive(known)) | set(_alive(_marked(marker))))
        if not left or time.monotonic() > deadline:
            return [f"{pid} {_comm(pid)}" for pid in left]
        time.sleep(0.1)


def _kill(known: dict[int, str]) -> None:
    for pid in _alive(known):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _start_batch(tmp_path: Path, marker: str, sandbox_mode: str, workers: int,
                 dask: bool) -> subprocess.Popen:
    """`grade batch` on the looping class, as a terminal's job: a group of its own."""
    command = [sys.executable, "-m", "grader.cli", "batch",
               str(_class(tmp_path / "class", marker)), "-o", str(tmp_path / "out"),
               "--workers", str(workers), *(["--dask", "local"] if dask else [])]
    return subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, TORCHGRADE_SANDBOX=sandbox_mode),
                            start_new_session=True)


def _stop_mid_batch(tmp_path: Path, stop: signal.Signals, sandbox_mode: str,
                    dask: bool = False) -> list[str]:
    """Starts `grade batch` on the looping class, sends `stop` once the loops run;
    returns the processes left GONE_S later (all killed afterwards)."""
    marker = _marker()
    batch = _start_batch(tmp_path, marker, sandbox_mode, 2, dask)
    known: dict[int, str] = {}
    try:
        _wait_for_loops(batch, marker, 3)
        known = {**_descendants(batch.pid), **_marked(marker)}
        if stop == signal.SIGINT:  # Ctrl-C: the terminal signals the whole group
            os.killpg(batch.pid, stop)
        else:  # `kill PID` from another shell, or the OOM killer
            batch.send_signal(stop)
        _, stderr = batch.communicate(timeout=GONE_S)
        if stop != signal.SIGKILL:  # stopped, not killed: what was graded is kept
            assert batch.returncode == 130, stderr
            assert b"run the same command again to resume" in stderr, stderr
        return _survivors(known, marker)
    finally:
        known.update(_descendants(batch.pid))
        batch.kill()
        batch.wait()
        _kill({**known, **_marked(marker)})


SANDBOXES = [sandbox.RLIMITS, pytest.param(
    sandbox.BUBBLEWRAP, marks=pytest.mark.skipif(sandbox.mode() != sandbox.BUBBLEWRAP,
                                                 reason="bubblewrap does not run here"))]


@pytest.mark.parametrize("sandbox_mode", SANDBOXES)
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_stopped_batch_leaves_nothing_running(tmp_path, stop, sandbox_mode):
    assert _stop_mid_batch(tmp_path, stop, sandbox_mode) == []


@pytest.mark.parametrize("sandbox_mode", SANDBOXES)
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_stopped_dask_batch_leaves_nothing_running(tmp_path, stop, sandbox_mode):
    pytest.importorskip("distributed")
    assert _stop_mid_batch(tmp_path, stop, sandbox_mode, dask=True) == []


# ----------------------------------------------------------------------------- a killed zygote

def _folder_of(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return ""


def _zygote_under(root: int) -> int:
    """The zygote interpreter among `root`'s descendants (not bwrap, which wraps it)."""
    for pid in _descendants(root):
        try:
            command = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"grader.engine.zygote" in command and _comm(pid) != "bwrap":
            return pid
    raise AssertionError("no zygote")


@pytest.mark.parametrize("sandbox_mode, hostile, loops", [
    (sandbox.RLIMITS, "loop_forever_in_rule.py", 1),
    pytest.param(sandbox.RLIMITS, "setsid_loopers.py", 3, marks=pytest.mark.xfail(
        strict=True, reason="rlimits mode: no PID namespace holds what a worker forked, "
                            "and a SIGKILLed zygote cannot kill it (README, The sandbox)")),
    *[pytest.param(sandbox.BUBBLEWRAP, name, count, marks=SANDBOXES[1].marks)
      for name, count in (("loop_forever_in_rule.py", 1), ("setsid_loopers.py", 3))]])
def test_a_sigkilled_zygote_takes_its_workers_down(tmp_path, sandbox_mode, hostile, loops):
    marker = _marker()
    path = tmp_path / "rmsprop.py"
    path.write_text((HOSTILE / hostile).read_text().replace("tg-MARK", marker))
    script = ("import sys; from grader.judge.runner import grade; "
              "grade(sys.argv[1], 'rmsprop', time_limit_s=60, call_limit_s=60)")
    grader = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT,
                              env=dict(os.environ, TORCHGRADE_SANDBOX=sandbox_mode),
                              start_new_session=True)
    looping: dict[int, str] = {}
    folders: set[str] = set()
    try:
        _wait_for_loops(grader, marker, loops)
        looping = _marked(marker)
        if sandbox_mode == sandbox.RLIMITS:  # in the real /tmp: a killed zygote leaves them
            folders = {_folder_of(pid) for pid in looping}
        os.kill(_zygote_under(grader.pid), signal.SIGKILL)
        deadline = time.monotonic() + GONE_S
        while _alive(looping) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _alive(looping) == [], "student processes outlived their zygote"
    finally:
        looping.update(_descendants(grader.pid))
        os.killpg(grader.pid, signal.SIGKILL)
        grader.wait()
        _kill({**looping, **_marked(marker)})
        for folder in folders:
            if Path(folder).name.startswith("torchgrade-worker-"):
                shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------- a killed Dask worker

def _grading_process_of(zygote_pid: int) -> int:
    """The process that started the zygote (through bwrap, under bubblewrap)."""
    table = _processes()
    parent = table[zygote_pid][0]
    return table[parent][0] if _comm(parent) == "bwrap" else parent


@pytest.mark.parametrize("sandbox_mode", SANDBOXES)
def test_a_sigkilled_dask_worker_takes_its_zygote_and_workers_down(tmp_path, sandbox_mode):
    pytest.importorskip("distributed")
    marker = _marker()
    batch = _start_batch(tmp_path, marker, sandbox_mode, 1, dask=True)
    doomed: dict[int, str] = {}
    try:
        _wait_for_loops(batch, marker, 1)
        dask_worker = _grading_process_of(_zygote_under(batch.pid))
        doomed = {**_descendants(dask_worker), **_marked(marker)}
        os.kill(dask_worker, signal.SIGKILL)
        deadline = time.monotonic() + GONE_S
        while _alive(doomed) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [f"{pid} {_comm(pid)}" for pid in _alive(doomed)] == [], \
            "processes outlived their Dask worker"
    finally:
        doomed.update(_descendants(batch.pid))
        os.killpg(batch.pid, signal.SIGKILL)
        batch.wait()
        _kill({**doomed, **_marked(marker)})
