"""Expectations written at the top of each student file under tests/submissions/.

A file states what grading it must give, in comment lines:

    # expect-status: graded
    # expect-score: <10            (also: =10, >0, =0)
    # expect-misconceptions: rmsprop.eps_inside_sqrt   (or: none)
    # expect-message: in place     (must appear in the result's, a test's or a named
    #                               mistake's message)
    # expect-outcome: test_name=timeout
    # expect-hint: other learning rates  (must appear in the hint of a test that lost points)

A file with no expect-misconceptions line must get none.
"""

from __future__ import annotations

import json
import operator
import re
from pathlib import Path

SUBMISSIONS = Path(__file__).parent / "submissions"
_LINE = re.compile(r"^#\s*expect-([a-z]+):\s*(.*?)\s*$")


def files() -> list[Path]:
    return sorted(p for p in SUBMISSIONS.rglob("*") if p.suffix in (".py", ".ipynb"))


def read(path: Path) -> dict[str, list[str]]:
    """The expect-* lines of a .py file, or of the first cell of a notebook."""
    if path.suffix == ".ipynb":
        text = "".join(json.loads(path.read_text())["cells"][0]["source"])
    else:
        text = path.read_bytes().decode("utf-8", errors="replace")
    expected: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            expected.setdefault(match.group(1), []).append(match.group(2))
    return expected


_COMPARE = {"<": operator.lt, ">": operator.gt, "=": operator.eq}


def check(result, expected: dict[str, list[str]]) -> list[str]:
    """The ways `result` falls short of `expected` (empty when it meets them all)."""
    problems = []
    for status in expected.get("status", []):
        if result.status != status:
            problems.append(f"status {result.status!r}, expected {status!r} ({result.message})")
    for score in expected.get("score", []):
        if not _COMPARE[score[0]](result.score, float(score[1:])):
            problems.append(f"score {result.score}, expected {score}")
    wanted = set()
    for line in expected.get("misconceptions", ["none"]):
        wanted |= set() if line == "none" else set(line.split())
    found = {item.id for item in result.misconceptions}
    if found != wanted:
        problems.append(f"misconceptions {sorted(found)}, expected {sorted(wanted)}")
    texts = [result.message] + [case.message for case in result.tests] + \
        [item.message for item in result.misconceptions]
    for fragment in expected.get("message", []):
        if not any(fragment in text for text in texts):
            problems.append(f"no message contains {fragment!r}: {texts}")
    hints = [case.hint for case in result.tests if case.points < case.max_points]
    for fragment in expected.get("hint", []):
        if not any(fragment in hint for hint in hints):
            problems.append(f"no hint of a test that lost points contains {fragment!r}: {hints}")
    outcomes = {case.name: case.outcome for case in result.tests}
    for pair in expected.get("outcome", []):
        name, outcome = pair.split("=")
        if outcomes.get(name) != outcome:
            problems.append(f"{name} outcome {outcomes.get(name)}, expected {outcome}")
    return problems
