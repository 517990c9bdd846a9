"""Benchmark: `grade batch --dask local` against the local pool, 2 workers each.

Run as `python benchmarks/bench_dask.py [--count 200] [--workers 2] [--repeats 3]
[--quick]` (`--quick`: 40 submissions, about a minute on an idle 2-core machine; the
default about 3 minutes). Both grade the same generated class of `rmsprop` submissions
(correct and buggy mixed, as in bench_batch.py) into a fresh folder through
`grader.classroom.batch.run`, taking turns `--repeats` times (a shared machine's load drifts);
the table shows medians: the whole batch's wall time (start-up and outputs included),
submissions per second, the seconds to the first result (start-up: grading processes,
or a LocalCluster's scheduler and workers), and the steady rate between the first tenth
of the results and the last. Dask's per-submission overhead is the extra time a worker
spends on each submission at those steady rates:
`workers * (1 / dask_rate - 1 / local_rate)` (target: at most 20 ms).

A combined runner can import `run()` (rows) and `format_table(rows)`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import bench_batch  # noqa: E402

from grader.classroom import batch, local_pool  # noqa: E402
from grader.classroom.batch import BatchOptions  # noqa: E402

TARGET_MS = 20.0


@dataclass(frozen=True)
class DaskRow:
    way: str
    submissions: int
    seconds: float  # the whole batch
    first_s: float  # to the first result
    steady_rate: float  # submissions per second once started

    @property
    def rate(self) -> float:
        return self.submissions / self.seconds if self.seconds else 0.0


def timed_batch(way: str, submissions: Path, out: Path, make_pool) -> DaskRow:
    """Grade the class with the pool `make_pool()` builds, stamping each result."""
    stamps: list[float] = []

    def pool(jobs, deliver):
        def stamped(job, result):
            deliver(job, result)
            stamps.append(time.perf_counter())

        make_pool()(jobs, stamped)

    started = time.perf_counter()
    outcome = batch.run(BatchOptions(submissions, out, progress=False), pool=pool)
    seconds = time.perf_counter() - started
    skip = len(stamps) // 10
    steady = (len(stamps) - 1 - skip) / (stamps[-1] - stamps[skip]) \
        if len(stamps) > skip + 1 else 0.0
    return DaskRow(way, outcome.submissions, seconds, stamps[0] - started, steady)


def run(count: int = 200, workers: int = 2, repeats: int = 3) -> list[DaskRow]:
    """[local pool, Dask] rows, each the medians of `repeats` batches."""
    from grader.classroom import dask_pool

    ways = {f"local pool, --workers {workers}": lambda: local_pool.ServerPool(workers, logs).run,
            f"--dask local, --workers {workers}":
                lambda: dask_pool.DaskPool("local", workers).run}
    runs: dict[str, list[DaskRow]] = {way: [] for way in ways}
    with tempfile.TemporaryDirectory(prefix="bench_dask_") as scratch:
        submissions = Path(scratch) / "class"
        bench_batch.make_class(submissions, count)
        logs = Path(scratch) / "logs"
        logs.mkdir()
        for repeat in range(repeats):
            for number, (way, make_pool) in enumerate(ways.items()):
                out = Path(scratch) / f"out-{repeat}-{number}"
                runs[way].append(timed_batch(way, submissions, out, make_pool))
    return [_median(way, rows) for way, rows in runs.items()]


def _median(way: str, rows: list[DaskRow]) -> DaskRow:
    return DaskRow(way, rows[0].submissions,
                   *(statistics.median(getattr(row, name) for row in rows)
                     for name in ("seconds", "first_s", "steady_rate")))


def overhead_ms(rows: list[DaskRow], workers: int = 2) -> float:
    """What Dask adds to each submission, per worker, at the steady rates."""
    local, dask = rows[0].steady_rate, rows[1].steady_rate
    return 1000 * workers * (1 / dask - 1 / local) if local and dask else float("nan")


def format_table(rows: list[DaskRow], workers: int = 2) -> str:
    lines = ["| way | submissions | seconds | submissions/s | first result s | "
             "steady submissions/s |", "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.way} | {row.submissions} | {row.seconds:.1f} | {row.rate:.2f} "
                     f"| {row.first_s:.1f} | {row.steady_rate:.2f} |")
    overhead = overhead_ms(rows, workers)
    verdict = "within" if overhead <= TARGET_MS else "over"
    lines.append(f"\nDask adds {overhead:.1f} ms per submission at the steady rate "
                 f"({verdict} the {TARGET_MS:g} ms target; negative: Dask was faster).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="submissions in the class")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="batches per way (medians)")
    parser.add_argument("--quick", action="store_true", help="40 submissions")
    args = parser.parse_args(argv)
    count = 40 if args.quick else args.count
    print(format_table(run(count, args.workers, args.repeats), args.workers))


if __name__ == "__main__":
    main()
