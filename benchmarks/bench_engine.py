"""Benchmark: what the grading engine costs per submission, per sandbox mode.

Run as `python benchmarks/bench_engine.py [--repeats 15]`. For each sandbox mode this
machine offers (bubblewrap and rlimits), a fresh Python process starts the zygote,
then grades the `rmsprop` reference `repeats` times (a new worker per grading, as for
every student) and reports the first grading (which starts the zygote), the median and 90th percentile of one
grading, and the share of that which is worker overhead (fork, confine, load the
submission, hang up) rather than the suite. The sandbox overhead per submission is the
difference of the medians between the modes (target: <= 30 ms). A last row times the
whole `grade submit` command from a cold shell.

A combined runner can import `run()` (rows) and `format_table(rows)`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "solutions" / "rmsprop.py"

_CHILD = r"""
import json, statistics, sys, time
from grader.engine import sandbox
from grader.engine.proxy import SubmissionProxy
from grader.judge.runner import grade
from grader.engine.submission import read
from grader.engine.worker_side.worker import Limits

repeats = int(sys.argv[1]); path = sys.argv[2]
started = time.perf_counter()
grade(path, "rmsprop")  # the first grading starts the zygote (and its sandbox)
first_s = time.perf_counter() - started
gradings, workers = [], []
for _ in range(repeats):
    t0 = time.perf_counter()
    grade(path, "rmsprop")
    gradings.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    proxy = SubmissionProxy(read(path), Limits(), call_limit_s=10, total_limit_s=30)
    proxy.load()
    proxy.close()
    workers.append(time.perf_counter() - t0)
print(json.dumps({"mode": sandbox.mode(), "first_s": first_s, "gradings": gradings,
                  "workers": workers}))
"""


@dataclass(frozen=True)
class EngineRow:
    mode: str
    first_grading_s: float
    grading_median_ms: float
    grading_p90_ms: float
    worker_median_ms: float


def _measure(mode: str, repeats: int) -> dict | None:
    env = {**os.environ, "TORCHGRADE_SANDBOX": mode}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(repeats), str(REFERENCE)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _p90(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.9 * len(values))) - 1)]


def run(repeats: int = 20) -> list[EngineRow]:
    rows = []
    for mode in ("bubblewrap", "rlimits"):
        measured = _measure(mode, repeats)
        if measured is None or (mode == "bubblewrap" and measured["mode"] != mode):
            continue  # bubblewrap is not available on this machine
        rows.append(EngineRow(
            mode, measured["first_s"], 1000 * statistics.median(measured["gradings"]),
            1000 * _p90(measured["gradings"]), 1000 * statistics.median(measured["workers"])))
    return rows


def torch_import_seconds(repeats: int = 3) -> float:
    """Median wall time of `python -c "import torch"`: the floor for a cold command."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import torch"], check=True, timeout=300)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cold_cli_seconds(repeats: int = 3) -> float:
    """Median wall time of `grade submit solutions/rmsprop.py --json` from a shell."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "grader.cli", "submit", str(REFERENCE),
                        "--json"], capture_output=True, cwd=ROOT, check=True, timeout=300)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def format_table(rows: list[EngineRow], cold_s: float | None = None,
                 torch_s: float | None = None) -> str:
    lines = ["| sandbox | first grading (starts zygote) | grading median | grading p90 | worker overhead |",
             "|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.mode} | {row.first_grading_s:.2f} s | "
                     f"{row.grading_median_ms:.0f} ms | {row.grading_p90_ms:.0f} ms | "
                     f"{row.worker_median_ms:.0f} ms |")
    modes = {row.mode: row for row in rows}
    if len(modes) == 2:
        added = modes["bubblewrap"].grading_median_ms - modes["rlimits"].grading_median_ms
        lines.append(f"\nsandbox overhead per submission (bubblewrap - rlimits medians): "
                     f"{added:+.0f} ms (target <= 30 ms)")
    if torch_s is not None:
        lines.append(f"`python -c \"import torch\"`: {torch_s:.2f} s")
    if cold_s is not None:
        ratio = f" ({cold_s / torch_s:.1f}x the torch import; target <= 2x)" if torch_s else ""
        lines.append(f"`grade submit solutions/rmsprop.py` from a cold shell: {cold_s:.2f} s"
                     f"{ratio}")
    lines.append("worker overhead target: <= 50 ms median")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)
    print(format_table(run(args.repeats), cold_cli_seconds(), torch_import_seconds()))


if __name__ == "__main__":
    main()
