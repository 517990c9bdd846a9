"""Benchmark: seconds from a file save to updated feedback in `grade check --watch`.

Run as `python benchmarks/bench_watch.py [--saves 9]`. It starts the real command,
`grade check rmsprop.py --watch`, on a copy of the `rmsprop` reference in a temporary
folder, waits for the first feedback (the watcher's warm-up: interpreter, torch, the
zygote), then saves the file `saves` times, alternating a mistaken version (the
square root forgotten: public tests fail and the mistake is named, so the check
includes the diagnosis) and the reference. For each save it measures the time from
the write until the watcher's footer line for that run arrives, that is after the
whole new feedback was printed. Target: median <= 0.5 s.

A combined runner can import `run()` (rows) and `format_table(rows)`.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "solutions" / "rmsprop.py"
FOOTER = re.compile(r"^\[watch\] .* in (?P<check>[0-9.]+) s \(run (?P<run>\d+)\)")
SCORE = re.compile(r"^rmsprop \(rmsprop\.py\): (?P<score>[0-9.]+ / [0-9.]+) points")
TARGET_S = 0.5


@dataclass(frozen=True)
class SaveRow:
    save: int
    content: str
    seconds: float  # from the write to the footer of the new feedback
    check_s: float  # the check itself, as the watcher timed it
    score: str  # the score the new feedback shows


def variants() -> list[tuple[str, str]]:
    """(label, source): the reference and a mistaken version of it."""
    good = REFERENCE.read_text()
    bad = good.replace("square_avg.sqrt().add_(eps)", "square_avg.add(eps)")
    assert bad != good, "the reference changed: update the mistaken variant"
    return [("square root forgotten", bad), ("reference", good)]


class Watcher:
    """`grade check FILE --watch` in a subprocess; each footer, with the score printed
    just before it, in a queue (stderr joins stdout, so the order is kept)."""

    def __init__(self, path: Path):
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader.cli", "check", path.name, "--watch"],
            cwd=path.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        self.footers: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        score = "?"
        for line in self.process.stdout:
            if SCORE.match(line):
                score = SCORE.match(line)["score"]
            found = FOOTER.match(line)
            if found:
                self.footers.put((time.perf_counter(), int(found["run"]),
                                  float(found["check"]), score))
                score = "?"

    def footer(self, run: int, timeout_s: float) -> tuple[float, float, str]:
        """(arrival time, check seconds, score) of run number `run`."""
        deadline = time.perf_counter() + timeout_s
        while True:
            arrived, number, check_s, score = self.footers.get(
                timeout=max(0.01, deadline - time.perf_counter()))
            if number == run:
                return arrived, check_s, score

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run(saves: int = 9) -> tuple[float, list[SaveRow]]:
    """(seconds to the first feedback, one row per save)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rmsprop.py"
        path.write_text(REFERENCE.read_text())
        started = time.perf_counter()
        watcher = Watcher(path)
        try:
            first, _, _ = watcher.footer(1, timeout_s=180)
            rows = []
            for save in range(1, saves + 1):
                label, source = variants()[(save - 1) % 2]
                time.sleep(0.3)  # a student types between saves
                written = time.perf_counter()
                path.write_text(source)
                arrived, check_s, score = watcher.footer(save + 1, timeout_s=60)
                rows.append(SaveRow(save, label, arrived - written, check_s, score))
        finally:
            watcher.stop()
    return first - started, rows


def format_table(first_s: float, rows: list[SaveRow]) -> str:
    lines = ["| save | content | feedback shows | save -> feedback | check alone |",
             "|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.save} | {row.content} | {row.score} | {row.seconds:.3f} s | "
                     f"{row.check_s:.3f} s |")
    median = statistics.median(row.seconds for row in rows)
    verdict = "met" if median <= TARGET_S else "NOT met"
    lines.append(f"\nmedian save -> feedback: {median:.3f} s over {len(rows)} saves "
                 f"(target <= {TARGET_S} s: {verdict}); max {max(r.seconds for r in rows):.3f} s")
    lines.append(f"first feedback after starting the watcher (torch, zygote, suite): "
                 f"{first_s:.2f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=9)
    args = parser.parse_args(argv)
    print(format_table(*run(args.saves)))


if __name__ == "__main__":
    main()
