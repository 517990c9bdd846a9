"""Benchmark: every hostile submission under tests/hostile/, graded as a class would be.

Run as `python benchmarks/bench_hostile.py`. Each case is graded as `rmsprop` with the
same shortened limits as tests/test_hostile.py (12 s per submission, 3 s per call) and
judged against the verdict it must get: a status and the most points it may earn.
The table counts correct verdicts, forged passes (more points than the file earns:
must be 0), grader crashes (an exception or internal_error: must be 0), leaks (a
hidden test carrying got/expected/index/inputs/traceback, or a result that is not
strict JSON under 1 MB: must be 0), survivors (processes a case started, named
`tg-...`, alive after its grading: must be 0) and the seconds per case, and says which
sandbox mode graded them. After every hostile case
the reference is graded too, to show the next student is unharmed.

A combined runner can import `run()` and `format_table(rows)`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from grader.engine import sandbox
from grader.result import MAX_RESULT_BYTES
from grader.judge.runner import grade

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
REFERENCE = ROOT / "solutions" / "rmsprop.py"
TOTAL_S, CALL_S = 12.0, 3.0

# file -> (statuses it may get, the most points it may earn)
VERDICTS: dict[str, tuple[tuple[str, ...], float]] = {
    "loop_at_import.py": (("timeout",), 0),
    "sleep_forever.py": (("timeout",), 0),
    "loop_in_tiny_gradients.py": (("graded",), 8),
    "memory_bomb.py": (("graded", "crashed", "timeout"), 0),
    "fork_bomb.py": (("graded",), 10),
    "print_flood.py": (("graded",), 10),
    "sys_exit_at_import.py": (("crashed",), 0),
    "os_exit_in_function.py": (("graded",), 9),
    "raises_exit_and_interrupt.py": (("graded",), 7),
    "kill_self.py": (("graded",), 9),
    "segfault.py": (("graded",), 0),
    "recursion_bomb.py": (("graded", "timeout"), 0),
    "monkeypatch_comparisons.py": (("graded",), 0),
    "lying_tensor_subclass.py": (("graded",), 0),
    "nan_and_huge_answers.py": (("graded", "timeout"), 0),
    "malicious_pickle.py": (("graded",), 0),
    "syntax_error.py": (("syntax_error",), 0),
    "non_utf8.py": (("syntax_error",), 0),
    "missing_module.py": (("import_error",), 0),
    "empty.py": (("graded",), 0),
    # forged replies on the wire (grader.wire.channel.send replaced inside the worker)
    "shared_list_bomb.py": (("graded",), 6),
    "header_without_body.py": (("graded",), 8),
    "expanded_complex_answer.py": (("graded",), 6),
    "huge_error_message.py": (("graded",), 5),
    "huge_string_answer.py": (("graded",), 6),
    "forged_reply_shapes.py": (("graded",), 2),
    "nan_inf_answers.py": (("graded",), 5),
    "forged_load_report.py": (("import_error",), 0),
    # processes and folders that must not outlive their grading
    "double_fork_survivor.py": (("graded",), 10),
    "deep_folder_tree.py": (("graded",), 10),
    "look_around.py": (("graded",), 10),
    "outlive_the_grader.py": (("timeout",), 0),
}
LEAKY_DETAILS = {"got", "expected", "index", "inputs", "traceback"}
# Only the sandbox hides files, parents and the network: graded in bubblewrap mode only.
SANDBOX_ONLY = {
    "kill_parent.py": (("graded", "crashed"), 0),  # kill(0) may end its own group
    "steal_reference.py": (("graded",), 0),
    "forged_results.py": (("graded",), 0),
    "network.py": (("graded",), 10),
}


@dataclass(frozen=True)
class HostileRow:
    case: str
    status: str
    score: float
    seconds: float
    correct: bool
    forged: bool
    crashed_grader: bool
    next_student_ok: bool
    survivors: int  # processes it started (named tg-*) still alive after its grading
    leaked: bool = False


def _one(name: str, statuses: tuple[str, ...], most: float) -> HostileRow:
    started = time.perf_counter()
    leaked = False
    try:
        result = grade(HOSTILE / name, "rmsprop", time_limit_s=TOTAL_S, call_limit_s=CALL_S)
        status, score, leaked = result.status, result.score, _leaks(result)
    except Exception as error:  # the grader itself failed: exactly what must not happen
        status, score = f"grader raised {type(error).__name__}", 0.0
    seconds = time.perf_counter() - started
    crashed = status.startswith("grader raised") or status == "internal_error"
    survivors = _survivors()
    after = grade(REFERENCE, "rmsprop")
    return HostileRow(name, status, score, seconds,
                      status in statuses and score <= most and not leaked,
                      score > most, crashed, after.score == after.max_score, survivors,
                      leaked)


def _leaks(result) -> bool:
    """Whether a hidden test carries what only a public one may, or the result is not
    strict JSON under MAX_RESULT_BYTES."""
    try:
        text = result.to_json()
        json.loads(text, parse_constant=lambda constant: 1 / 0)
    except (ValueError, ZeroDivisionError):
        return True
    return len(text) >= MAX_RESULT_BYTES or any(
        LEAKY_DETAILS & set(case.details) for case in result.tests
        if case.visibility == "hidden")


def _survivors(wait_s: float = 2.0) -> int:
    """The hostile files name what they start `tg-...`: how many of those outlive the
    grading (allowing `wait_s` for the kernel to finish killing them)."""
    deadline = time.monotonic() + wait_s
    while True:
        alive = 0
        for entry in Path("/proc").iterdir():
            try:
                alive += entry.name.isdigit() and \
                    (entry / "comm").read_text().startswith("tg-")
            except OSError:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def run() -> tuple[str, list[HostileRow]]:
    cases = dict(VERDICTS)
    if sandbox.mode() == sandbox.BUBBLEWRAP:
        cases.update(SANDBOX_ONLY)
    return sandbox.mode(), [_one(name, *verdict) for name, verdict in sorted(cases.items())]


def format_table(mode: str, rows: list[HostileRow]) -> str:
    lines = [f"sandbox mode: {mode}",
             "| case | status | score | seconds | verdict | survivors | next student |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        verdict = "ok" if row.correct else ("FORGED" if row.forged else
                                            "LEAKED" if row.leaked else "WRONG")
        lines.append(f"| {row.case} | {row.status} | {row.score:g} | {row.seconds:.1f} | "
                     f"{verdict} | {row.survivors} | "
                     f"{'ok' if row.next_student_ok else 'HARMED'} |")
    total = sum(row.seconds for row in rows)
    lines.append(f"\ncases {len(rows)}, correct verdicts {sum(r.correct for r in rows)}, "
                 f"forged passes {sum(r.forged for r in rows)} (must be 0), leaks "
                 f"{sum(r.leaked for r in rows)} (must be 0), grader crashes "
                 f"{sum(r.crashed_grader for r in rows)} (must be 0), survivors "
                 f"{sum(r.survivors for r in rows)} (must be 0), next student harmed "
                 f"{sum(not r.next_student_ok for r in rows)}, "
                 f"{total / max(1, len(rows)):.1f} s per case")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_table(*run()))
