"""Benchmark: seconds from `check("rmsprop")` in a notebook cell to the feedback shown.

Run as `python benchmarks/bench_notebook.py [--calls 9]` (needs ipykernel and
jupyter_client: `pip install -e .[test]`). It starts a real kernel in a temporary
folder, runs the `rmsprop` reference's cells in it and then, like a front end,
sends `check("rmsprop")` execute requests over the kernel protocol. For each it
measures the time from sending the request to the arrival of the feedback's
`display_data` message on the kernel's IOPub channel, that is, until a front end
could draw it. The first call pays for the grading process (interpreter, torch, the
zygote); for the later ones the cell defining `rmsprop_step` is run again before each
check, alternating a mistaken version (the square root forgotten: public tests fail and
the mistake is named) and the reference, so every check grades new code.
Target: median of the calls after the first <= 0.5 s.

A combined runner can import `run()` and `format_table(first_s, rows)`.
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
sys.path.insert(0, str(ROOT))

from grader.student import notebooks  # noqa: E402

REFERENCE = (ROOT / "solutions" / "rmsprop.py").read_text(encoding="utf-8")
TARGET_S = 0.5
CHECK = 'from grader import check\ncheck("rmsprop")'


@dataclass(frozen=True)
class CallRow:
    call: int
    content: str
    seconds: float  # from the execute request to the feedback's display_data
    feedback: str  # the feedback's first line


def cells(source: str) -> list[str]:
    """The notebook cells of `source`, the demo left out (it trains)."""
    return [chunk for chunk, is_demo in notebooks.code_chunks(source) if not is_demo]


def variants() -> list[tuple[str, str]]:
    """(label, the cell defining rmsprop_step): a mistaken version and the reference."""
    good = next(cell for cell in cells(REFERENCE) if "def rmsprop_step" in cell)
    bad = good.replace("square_avg.sqrt().add_(eps)", "square_avg.add(eps)")
    assert bad != good, "the reference changed: update the mistaken variant"
    return [("square root forgotten", bad), ("reference", good)]


def execute(client, code: str, timeout_s: float = 300) -> tuple[float, str]:
    """Run `code`; (seconds until its first display_data, that output's first line),
    or (seconds until the cell finished, "") when it displayed nothing."""
    started = time.perf_counter()
    msg_id = client.execute(code)
    shown_at, shown = None, ""
    while True:
        message = client.get_iopub_msg(timeout=timeout_s)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "display_data" and shown_at is None:
            shown_at = time.perf_counter()
            shown = _score(content["data"].get("text/plain", ""))
        elif kind == "error":
            raise RuntimeError(f"the cell failed: {content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            return (shown_at or time.perf_counter()) - started, shown


def _score(text: str) -> str:
    """"0 / 4 points" from the text feedback's first line (the whole line otherwise)."""
    first = text.split("\n")[0]
    return first.split(": ", 1)[-1].split("  ")[0]


def run(calls: int = 9) -> tuple[float, list[CallRow]]:
    """(seconds to the first feedback, one row per later call)."""
    from jupyter_client.manager import start_new_kernel

    with tempfile.TemporaryDirectory() as folder:
        manager, client = start_new_kernel(kernel_name="python3", cwd=folder)
        try:
            for cell in cells(REFERENCE):
                execute(client, cell)
            first, _ = execute(client, CHECK)
            rows = []
            for call in range(1, calls + 1):
                label, cell = variants()[(call - 1) % 2]
                execute(client, cell)
                seconds, feedback = execute(client, 'check("rmsprop")')
                rows.append(CallRow(call + 1, label, seconds, feedback))
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    return first, rows


def format_table(first_s: float, rows: list[CallRow]) -> str:
    lines = ["| call | rmsprop_step | feedback shows | check() -> feedback shown |",
             "|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.call} | {row.content} | {row.feedback} | {row.seconds:.3f} s |")
    median = statistics.median(row.seconds for row in rows)
    verdict = "met" if median <= TARGET_S else "NOT met"
    lines.append(f"\nmedian check() -> feedback after the first call: {median:.3f} s over "
                 f"{len(rows)} calls (target <= {TARGET_S} s: {verdict}); "
                 f"max {max(row.seconds for row in rows):.3f} s")
    lines.append(f"first call (starts the grading process: interpreter, torch, zygote): "
                 f"{first_s:.2f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=9)
    args = parser.parse_args(argv)
    print(format_table(*run(args.calls)))


if __name__ == "__main__":
    main()
