"""Terminal rendering of a SubmissionResult (reads the result, nothing else)."""

from __future__ import annotations

import os
import sys

import click

from grader.result import SubmissionResult

_OUTCOME_STYLE = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow",
                  "skipped": "blue"}


def _use_color(color: bool | None) -> bool:
    if color is not None:
        return color
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def text_report(result: SubmissionResult, color: bool | None = None) -> str:
    """The readable summary of `grade submit`/`grade check`: score, mistakes, tests."""
    styled = _use_color(color)

    def style(text: str, fg: str) -> str:
        return click.style(text, fg=fg, bold=True) if styled else text

    lines = [f"{result.exercise} ({result.file}): {result.score:g} / {result.max_score:g} "
             f"points  [{result.status}]"]
    if result.message:
        lines.append(result.message)
    for item in result.misconceptions:
        lines.append(style("Likely mistake: ", "magenta") + item.message)
    for case in result.tests:
        mark = style(f"{case.outcome.upper():<8}", _OUTCOME_STYLE.get(case.outcome, "white"))
        lines.append(f"  {mark} {case.name} ({case.points:g}/{case.max_points:g}, {case.visibility})")
        text = case.message if case.visibility == "public" or case.outcome == "passed" \
            else (case.message if case.details.get("not_implemented") or case.details.get("missing") else case.hint)
        if case.outcome != "passed" and text:
            lines.extend(f"           {line}" for line in text.splitlines())
        if case.outcome != "passed" and case.details.get("inputs"):
            shown = ", ".join(f"{k}={v}" for k, v in case.details["inputs"].items())
            lines.append(f"           inputs: {shown[:400]}")
    if result.output_truncated_bytes:
        lines.append(f"(your code printed {result.output_truncated_bytes} more bytes than shown)")
    lines.append(f"graded in {result.duration_s:.2f} s on {result.device}")
    return "\n".join(lines)
