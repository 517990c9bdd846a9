"""The vocabulary of `grade validate`: the checks by name, one Check (a cell of the
table) and one ExerciseReport (a row)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CHECKS = ("interface", "markers", "mutants", "reference", "stub", "separated",
          "repeatable", "runtime")
STATIC = ("interface", "markers", "mutants")


@dataclass
class Check:
    """One cell of the table: passed (True), fell short (False) or skipped (None)."""

    name: str
    ok: bool | None
    summary: str
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown even when it passed


@dataclass
class ExerciseReport:
    """One row: an exercise and its checks."""

    stem: str
    origin: str
    checks: list[Check] = field(default_factory=list)
    duration_s: float = 0.0

    @property
    def ok(self) -> bool:
        return all(check.ok is not False for check in self.checks)

    def check(self, name: str) -> Check | None:
        return next((check for check in self.checks if check.name == name), None)

    def to_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def verdict(name: str, reasons: list[str], summary: str) -> Check:
    """Passed with `summary` when there are no reasons, else FAIL with each reason once."""
    reasons = list(dict.fromkeys(reasons))  # each reason once
    return Check(name, not reasons, summary if not reasons else "FAIL", reasons)


def skipped(name: str, why: str) -> Check:
    """Not run, and why."""
    return Check(name, None, "skip", [why])
