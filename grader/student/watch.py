"""`grade check FILE --watch`: check the file again every time it is saved.

The file is polled (its mtime, size and inode, every 50 ms: one `stat`, no extra
dependency). A change that has settled for 20 ms starts a new check; a save during a
check starts another one right after. The grading process stays alive between
checks, and with it the warm zygote (grader.engine.zygote.shared), the imported suites and
the templates, so a check costs a fork and the suite, not an interpreter start
(benchmarks/bench_watch.py measures it).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

import click

POLL_S = 0.05
SETTLE_S = 0.02

Stamp = tuple[int, int, int]  # (mtime_ns, size, inode)


def stamp(path: str | Path) -> Stamp | None:
    """What identifies one saved version of the file; None while it does not exist."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def wait_for_change(path: str | Path, last: Stamp | None, stop: threading.Event,
                    poll_s: float = POLL_S) -> Stamp | None:
    """Block until the file exists with a stamp other than `last`, settled for
    SETTLE_S; return that stamp, or None once `stop` is set."""
    while not stop.is_set():
        current = stamp(path)
        if current is not None and current != last:
            time.sleep(SETTLE_S)  # an editor may still be writing
            if stamp(path) == current:
                return current
            continue
        stop.wait(poll_s)
    return None


def watch(path: str | Path, check: Callable[[], object], *, stop: threading.Event | None = None,
          warm: Callable[[], object] | None = None, poll_s: float = POLL_S,
          clear: bool = True) -> int:
    """Run `check()` now and after each save of `path` until `stop` is set or Ctrl+C.

    `warm()` runs after each check (e.g. restart the zygote if it died) while the
    student edits. Returns the number of checks run.
    """
    stop = stop or threading.Event()
    runs = 0
    current = stamp(path)
    try:
        while True:
            runs += 1
            _run_once(path, check, runs, clear)
            if warm is not None:
                _quietly(warm)
            current = wait_for_change(path, current, stop, poll_s)
            if current is None:
                return runs
    except KeyboardInterrupt:
        click.echo(f"\nstopped watching {Path(path).name}", err=True)
        return runs


def _run_once(path: str | Path, check: Callable[[], object], run: int, clear: bool) -> None:
    """One check, its feedback, and a footer saying when it ran."""
    if clear:
        click.clear()  # only on a terminal: a no-op when output is piped
    started = time.perf_counter()
    try:
        check()
    except click.ClickException as error:  # e.g. the file vanished mid-save
        error.show()
    except SystemExit:  # an internal grader error was already reported
        pass
    elapsed = time.perf_counter() - started
    click.echo(f"\n[watch] {Path(path).name}: checked at {time.strftime('%H:%M:%S')} "
               f"in {elapsed:.2f} s (run {run}); save to check again, Ctrl+C to stop",
               err=True)


def _quietly(warm: Callable[[], object]) -> None:
    """Warm up for the next check; a failure here shows at that check instead."""
    try:
        warm()
    except Exception:  # noqa: BLE001 (e.g. a zygote that cannot start: the check says so)
        pass
