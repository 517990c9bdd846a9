"""`grade check FILE --watch`: the polling loop alone (fast, with a fake check), then
the real command in a short-lived subprocess that must answer a save within 1 s."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from grader.student import watch

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "solutions" / "rmsprop.py"


def _save(path: Path, text: str) -> None:
    path.write_text(text)


class _Loop:
    """`watch.watch` in a thread with a fake check that records when it ran."""

    def __init__(self, path: Path, check_s: float = 0.0):
        self.runs: list[float] = []
        self.stop = threading.Event()
        self.check_s = check_s
        self.thread = threading.Thread(
            target=watch.watch, args=(path, self._check),
            kwargs={"stop": self.stop, "poll_s": 0.02, "clear": False}, daemon=True)

    def _check(self) -> None:
        self.runs.append(time.perf_counter())
        time.sleep(self.check_s)

    def wait_runs(self, count: int, timeout_s: float) -> bool:
        deadline = time.perf_counter() + timeout_s
        while len(self.runs) < count and time.perf_counter() < deadline:
            time.sleep(0.005)
        return len(self.runs) >= count

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)


def test_a_save_starts_a_new_check_within_a_second(tmp_path):
    path = tmp_path / "rmsprop.py"
    _save(path, "x = 1\n")
    with _Loop(path) as loop:
        assert loop.wait_runs(1, 5)
        time.sleep(0.1)
        saved = time.perf_counter()
        _save(path, "x = 22\n")
        assert loop.wait_runs(2, 1.0), "no new check within 1 s of the save"
        assert loop.runs[1] - saved < 1.0
        time.sleep(0.2)
        assert len(loop.runs) == 2, "one save, one check"
    assert not loop.thread.is_alive(), "the watcher stops when asked"


def test_a_save_during_a_check_is_checked_again(tmp_path):
    path = tmp_path / "rmsprop.py"
    _save(path, "x = 1\n")
    with _Loop(path, check_s=0.3) as loop:
        assert loop.wait_runs(1, 5)
        _save(path, "x = 333\n")  # while the first check still runs
        assert loop.wait_runs(2, 2.0)


def test_a_file_replaced_or_briefly_missing_is_checked_once_back(tmp_path):
    """Editors that save by writing a new file and renaming it change the inode."""
    path = tmp_path / "rmsprop.py"
    _save(path, "x = 1\n")
    with _Loop(path) as loop:
        assert loop.wait_runs(1, 5)
        path.unlink()
        time.sleep(0.15)
        assert len(loop.runs) == 1, "a missing file is waited for, not checked"
        replacement = tmp_path / "rmsprop.py.tmp"
        _save(replacement, "x = 1\n")
        os.replace(replacement, path)
        assert loop.wait_runs(2, 1.0)


def test_stamp_changes_with_every_save(tmp_path):
    path = tmp_path / "a.py"
    assert watch.stamp(path) is None
    _save(path, "a")
    first = watch.stamp(path)
    _save(path, "ab")
    assert watch.stamp(path) != first


# ---- the real command ------------------------------------------------------------------

class _Command:
    """`grade check FILE --watch` in a subprocess; stdout+stderr lines with arrival times."""

    def __init__(self, path: Path):
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader.cli", "check", path.name, "--watch"],
            cwd=path.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line))

    def until(self, marker: str, timeout_s: float) -> tuple[float, list[str]]:
        """Wait for a line containing `marker`; (its arrival, the lines until it)."""
        seen = []
        deadline = time.perf_counter() + timeout_s
        while True:
            try:
                arrived, line = self.lines.get(timeout=max(0.01, deadline - time.perf_counter()))
            except queue.Empty:
                raise AssertionError(f"no {marker!r} within {timeout_s} s; got {seen}") from None
            seen.append(line)
            if marker in line:
                return arrived, seen


def test_watch_command_gives_new_feedback_within_a_second_of_a_save(tmp_path):
    path = tmp_path / "rmsprop.py"
    good = REFERENCE.read_text()
    bad = good.replace("square_avg.sqrt().add_(eps)", "square_avg.add(eps)")  # no root
    assert bad != good
    _save(path, bad)
    command = _Command(path)
    try:
        _, lines = command.until("(run 1)", timeout_s=120)  # interpreter, torch, zygote
        assert any("1 / 5 points" in line for line in lines)  # the 0-d test judges no values
        latencies = []
        for run, (source, score) in enumerate([(good, "5 / 5"), (bad, "1 / 5"),
                                               (good, "5 / 5")], start=2):
            time.sleep(0.2)
            saved = time.perf_counter()
            _save(path, source)
            arrived, lines = command.until(f"(run {run})", timeout_s=30)
            assert any(f"{score} points" in line for line in lines), lines
            latencies.append(arrived - saved)
        # the feedback, not just its start, within 1 s (best of three saves: a busy
        # shared CI machine may stall one of them)
        assert min(latencies) < 1.0, latencies
        command.process.send_signal(signal.SIGINT)
        assert command.process.wait(timeout=20) == 0
        _, lines = command.until("stopped watching", timeout_s=5)
    finally:
        if command.process.poll() is None:
            command.process.kill()


def test_watch_refuses_a_missing_file(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    result = CliRunner().invoke(main, ["check", str(tmp_path / "rmsprop.py"), "--watch"])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_watch_refuses_an_unknown_exercise(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    (tmp_path / "notes.py").write_text("x = 1\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "notes.py"), "--watch"])
    assert result.exit_code == 2
    assert "cannot tell which exercise" in result.output
