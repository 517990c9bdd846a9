"""All benchmarks, one command: `python benchmarks/run.py [--quick]`; prints tables.

- engine: grading latency per submission and the sandbox overhead (bench_engine.py)
- hostile: every hostile submission's verdict and cost (bench_hostile.py)
- training: epochs and seconds for the mlp/cnn references to reach their targets,
  and each graded end to end (bench_training.py)
- batch: submissions per second of `grade batch` with 1 and 2 workers (bench_batch.py)
- watch: seconds from a save to new feedback in `grade check --watch` (bench_watch.py)
- notebook: seconds from `check("rmsprop")` in a notebook cell to the feedback shown,
  second call on (bench_notebook.py; needs the `test` extra's ipykernel)
- dask: the same class through `--dask local` vs the local pool, 2 workers each, and
  the overhead Dask adds per submission (bench_dask.py; needs the `dask` extra)

Each section can also run alone (`python benchmarks/bench_engine.py`). Timings depend
on the machine's load: run them on an idle machine, and compare numbers only from the
same device.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_engine  # noqa: E402
import bench_hostile  # noqa: E402
import bench_training  # noqa: E402
import bench_batch  # noqa: E402
import bench_watch  # noqa: E402

SECTIONS = ("engine", "hostile", "training", "batch", "watch", "notebook", "dask")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats and epochs: a smoke run in about 2 minutes")
    parser.add_argument("--only", choices=SECTIONS, action="append",
                        help="run only this section (repeatable)")
    args = parser.parse_args(argv)
    chosen = args.only or SECTIONS
    for section in chosen:
        started = time.perf_counter()
        print(f"\n## {section}\n", flush=True)
        if section == "engine":
            rows = bench_engine.run(repeats=5 if args.quick else 20)
            cold = bench_engine.cold_cli_seconds(repeats=1 if args.quick else 3)
            torch_s = bench_engine.torch_import_seconds(repeats=1 if args.quick else 3)
            print(bench_engine.format_table(rows, cold, torch_s))
        elif section == "hostile":
            print(bench_hostile.format_table(*bench_hostile.run()))
        elif section == "batch":
            print(bench_batch.format_table(bench_batch.run(students=10 if args.quick else 30)))
        elif section == "dask":
            import bench_dask  # imported here: it needs the optional dask extra

            count, repeats = (40, 1) if args.quick else (200, 3)
            print(bench_dask.format_table(bench_dask.run(count=count, repeats=repeats)))
        elif section == "notebook":
            import bench_notebook  # imported here: it needs ipykernel (the test extra)

            print(bench_notebook.format_table(*bench_notebook.run(calls=5 if args.quick else 9)))
        elif section == "watch":
            print(bench_watch.format_table(*bench_watch.run(saves=5 if args.quick else 9)))
        else:
            print(bench_training.format_table(bench_training.run(epochs=5 if args.quick else 20)))
            print()
            print(bench_training.grade_end_to_end())
        print(f"\n({section}: {time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
