"""The processes of one worker, seen from the trusted grader: find them, weigh them.

A worker's processes are its root process (the worker itself, or in bubblewrap the
init of its PID namespace) and every descendant, found through the kernel's
`/proc/<pid>/task/<tid>/children` lists: no process can leave that tree except by
being orphaned, and orphans go to the namespace's init (bubblewrap) or to the zygote,
which kills them (`rlimits`). `MemoryWatch` sums the memory of the whole tree, so a
submission cannot split its memory over several processes to pass a per-process cap.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
INTERVAL_S = 0.05


def processes(root: int) -> list[int]:
    """`root` and all its live descendants (empty when `root` has ended)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue  # ended meanwhile
        found.append(pid)
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as listing:
                    todo.extend(map(int, listing.read().split()))
            except OSError:
                pass
    return found


def resident_bytes(pids: list[int]) -> int:
    """The sum of resident memory (counts pages shared between them once per process)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE_BYTES
        except (OSError, IndexError, ValueError):
            pass
    return total


def proportional_bytes(pids: list[int]) -> int:
    """The sum of proportional memory (PSS: each shared page split between its users),
    so a page two of them share counts once; resident memory where PSS is refused."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                line = next(line for line in rollup if line.startswith("Pss:"))
            total += int(line.split()[1]) * 1024
        except (OSError, StopIteration, ValueError):
            total += resident_bytes([pid])
    return total


class MemoryWatch:
    """Every INTERVAL_S, weigh the tree under `root`; past `limit_bytes`, call
    `breach(used_bytes)` once and stop. `stop()` ends the watch."""

    def __init__(self, root: int, limit_bytes: int, breach: Callable[[int], None]):
        self.root, self.limit_bytes, self.breach = root, limit_bytes, breach
        self._stopped = threading.Event()
        threading.Thread(target=self._watch, daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()

    def _watch(self) -> None:
        while not self._stopped.wait(INTERVAL_S):
            pids = processes(self.root)
            if not pids:
                return
            # Resident memory is cheap to read and never less than PSS: most checks
            # stop there; only a large tree is weighed exactly.
            if resident_bytes(pids) <= self.limit_bytes:
                continue
            used = proportional_bytes(pids)
            if used > self.limit_bytes:
                self.breach(used)
                return
