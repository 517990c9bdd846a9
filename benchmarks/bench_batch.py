"""Benchmark: `grade batch` throughput on a generated class of `rmsprop` submissions.

Run as `python benchmarks/bench_batch.py [--students 30] [--workers 1 2] [--naive 3]`
(about 2 minutes on an idle 2-core machine). The class mixes correct and buggy
submissions (the reference and tests/submissions/rmsprop/). For each worker count, a
fresh `grade batch` command grades the whole class into a new folder; the table shows
the wall time of the command (start-up included), submissions per second, and the ratio
to the naive way: one fresh `pytest` process per submission (`grade submit FILE`, which
imports torch and starts a zygote every time), timed on `--naive` submissions.

Where a batch's time goes, per submission (`--workers N` rows): `grading` is the
median time a grading process spent in grader.judge.runner.grade (each result's
duration_s, from the journal; the median, as a grading process's first result also
waited for its zygote to warm up); `outside` is the rest of the batch's worker-time per
submission, (N x wall) / submissions - grading: start-up (interpreters, torch, zygote
warm-up), planning and staging, IPC and result decoding, journal writes, the outputs at
the end. `first` is when the first result reached the journal, `end` the time from the
last result to the command's exit (the outputs), and `CPU` the CPU seconds per
submission of every process the command started (grading processes, zygotes, workers;
run as a script, this process adopts them all: a combined runner counts fewer).
`warm/s` is the throughput from the first result to the last: the rate once the start-up
(interpreters, torch, zygote warm-up: a fixed cost per grading process) is paid.

A combined runner can import `run()` (rows) and `format_table(rows)`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "solutions" / "rmsprop.py",
           *sorted((ROOT / "tests" / "submissions" / "rmsprop").glob("*.py"))]


@dataclass(frozen=True)
class BatchRow:
    way: str
    submissions: int
    seconds: float
    workers: int = 0  # 0: not a batch (the naive way)
    grading_s: float = 0.0  # the median of the results' duration_s
    first_s: float = 0.0  # the first result journaled, from the start
    end_s: float = 0.0  # from the last result journaled to the exit
    cpu_s: float = 0.0  # every process of the command, together

    @property
    def rate(self) -> float:
        return self.submissions / self.seconds if self.seconds else 0.0

    @property
    def warm_rate(self) -> float:
        """Submissions per second once the first result is in (grading processes and
        zygotes started): the class's throughput without the start-up."""
        span = self.seconds - self.end_s - self.first_s
        return (self.submissions - 1) / span if self.workers and span > 0 else 0.0

    @property
    def outside_ms(self) -> float:
        """Worker-time per submission spent outside runner.grade."""
        return 1000 * (self.workers * self.seconds / self.submissions - self.grading_s)


def make_class(root: Path, students: int) -> None:
    """`students` folders, each with one rmsprop submission (correct and buggy mixed)."""
    for number in range(students):
        folder = root / f"student{number:03d}"
        folder.mkdir(parents=True)
        source = SOURCES[number % len(SOURCES)]
        # a comment makes every file distinct, as real submissions are
        (folder / "rmsprop.py").write_text(f"# {folder.name}\n" + source.read_text())


def timed_batch(submissions: Path, out: Path, workers: int) -> BatchRow:
    """Run `grade batch` and time it, watching its journal grow."""
    journal = out / ".torchgrade" / "journal.jsonl"
    cpu = _children_cpu_s()
    started = time.perf_counter()
    command = subprocess.Popen(
        [sys.executable, "-m", "grader.cli", "batch", str(submissions), "-o", str(out),
         "--workers", str(workers)], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    first = last = size = 0.0
    while command.poll() is None and time.perf_counter() - started < 900:
        grown = journal.stat().st_size if journal.exists() else 0
        now = time.perf_counter() - started
        first, last, size = first or (now if grown else 0.0), now if grown > size else last, grown
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    if command.wait() != 0:
        raise RuntimeError(f"grade batch failed (exit code {command.returncode})")
    durations = [json.loads(line)["result"].get("duration_s") or 0.0
                 for line in journal.read_text().splitlines()]
    return BatchRow(f"grade batch --workers {workers}", len(durations), seconds, workers,
                    statistics.median(durations), first, seconds - last,
                    _children_cpu_s() - cpu)


def _children_cpu_s() -> float:
    """CPU seconds of every process this one started and reaped (all descendants: this
    process is their subreaper when run as a script: see main), after reaping those
    that ended."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if not pid:
            time.sleep(0.05)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def naive_seconds(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        subprocess.run([sys.executable, "-m", "grader.cli", "submit", str(path), "--json"],
                       cwd=ROOT, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


def run(students: int = 30, workers: tuple[int, ...] = (1, 2), naive: int = 3) -> list[BatchRow]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as scratch:
        submissions = Path(scratch) / "class"
        make_class(submissions, students)
        if naive:
            files = sorted(submissions.glob("*/rmsprop.py"))[:naive]
            rows.append(BatchRow("naive: one `grade submit` process each", len(files),
                                 naive_seconds(files)))
        for count in workers:
            out = Path(scratch) / f"out-{count}"
            rows.append(timed_batch(submissions, out, count))
            shutil.rmtree(out)
    return rows


def format_table(rows: list[BatchRow]) -> str:
    naive = next((row.rate for row in rows if row.way.startswith("naive")), 0.0)
    lines = ["| way | submissions | seconds | submissions/s | vs naive | grading ms/sub "
             "| outside grading ms/sub | first s | end s | warm/s | CPU s/sub |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = f"{row.rate / naive:.1f}x" if naive else "-"
        split = (f"{1000 * row.grading_s:.0f} | {row.outside_ms:.0f} | "
                 f"{row.first_s:.2f} | {row.end_s:.2f} | {row.warm_rate:.1f} | "
                 f"{row.cpu_s / row.submissions:.2f}"
                 if row.workers else "- | - | - | - | - | -")
        lines.append(f"| {row.way} | {row.submissions} | {row.seconds:.1f} | "
                     f"{row.rate:.2f} | {ratio} | {split} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--naive", type=int, default=3,
                        help="submissions graded the naive way (0: skip)")
    args = parser.parse_args(argv)
    _become_subreaper()
    print(format_table(run(args.students, tuple(args.workers), args.naive)))


def _become_subreaper() -> None:
    """Adopt the command's orphans (zygotes, workers) so that their CPU time counts."""
    sys.path.insert(0, str(ROOT))
    from grader.engine.worker_side import linux

    if linux.available():
        linux.become_subreaper()


if __name__ == "__main__":
    main()
