"""Benchmark: `grade batch` throughput on a generated class of `rmsprop` submissions.

Run as `python benchmarks/bench_batch.py [--students 30] [--workers 1 2] [--naive 3]`
(about 2 minutes on an idle 2-core machine). The class mixes correct and buggy
submissions (the reference and tests/submissions/rmsprop/). For each worker count, a
fresh `grade batch` command grades the whole class into a new folder; the table shows
the wall time of the command (start-up included), submissions per second, and the ratio
to the naive way: one fresh `pytest` process per submission (`grade submit FILE`, which
imports torch and starts a zygote every time), timed on `--naive` submissions.

A combined runner can import `run()` (rows) and `format_table(rows)`.
"""

from __future__ import annotations

import argparse
import shutil
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

    @property
    def rate(self) -> float:
        return self.submissions / self.seconds if self.seconds else 0.0


def make_class(root: Path, students: int) -> None:
    """`students` folders, each with one rmsprop submission (correct and buggy mixed)."""
    for number in range(students):
        folder = root / f"student{number:03d}"
        folder.mkdir(parents=True)
        source = SOURCES[number % len(SOURCES)]
        # a comment makes every file distinct, as real submissions are
        (folder / "rmsprop.py").write_text(f"# {folder.name}\n" + source.read_text())


def batch_seconds(submissions: Path, out: Path, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader.cli", "batch", str(submissions), "-o",
                    str(out), "--workers", str(workers)], cwd=ROOT, check=True,
                   capture_output=True, timeout=900)
    return time.perf_counter() - started


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
            rows.append(BatchRow(f"grade batch --workers {count}", students,
                                 batch_seconds(submissions, out, count)))
            shutil.rmtree(out)
    return rows


def format_table(rows: list[BatchRow]) -> str:
    naive = next((row.rate for row in rows if row.way.startswith("naive")), 0.0)
    lines = ["| way | submissions | seconds | submissions/s | vs naive |",
             "|---|---|---|---|---|"]
    for row in rows:
        ratio = f"{row.rate / naive:.1f}x" if naive else "-"
        lines.append(f"| {row.way} | {row.submissions} | {row.seconds:.1f} | "
                     f"{row.rate:.2f} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--naive", type=int, default=3,
                        help="submissions graded the naive way (0: skip)")
    args = parser.parse_args(argv)
    print(format_table(run(args.students, tuple(args.workers), args.naive)))


if __name__ == "__main__":
    main()
