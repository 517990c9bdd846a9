"""The progress line of a batch on a terminal."""

from __future__ import annotations

import sys
import time

from grader.reports.class_results import graded_normally
from grader.result import SubmissionResult


class Progress:
    """`[#####-----]  12/30  2.1/s  ETA 0:09  failures 1` on a terminal; silent otherwise."""

    def __init__(self, total: int, enabled: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.done, self.failures = total, 0, 0
        self.started = time.monotonic()
        self._drawn = 0.0
        if self.enabled and total:
            self._draw()  # 0/N while the grading processes start

    def update(self, result: SubmissionResult) -> None:
        self.done += 1
        self.failures += not graded_normally(result)
        if self.enabled and (self.done == self.total or time.monotonic() - self._drawn > 0.1):
            self._draw()

    def _draw(self) -> None:
        self._drawn = time.monotonic()
        self.stream.write("\r" + self.line())
        self.stream.flush()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        remaining = (self.total - self.done) / rate if rate else 0.0
        width = 24
        filled = round(width * self.done / self.total) if self.total else width
        return (f"grading [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}"
                f"  {rate:.1f}/s  ETA {_clock(remaining)}  failures {self.failures} ")

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds + 0.5), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}" if minutes >= 60 \
        else f"{minutes}:{seconds:02d}"
