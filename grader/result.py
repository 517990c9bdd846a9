"""The one result type: what grading one submission produced.

Every output (terminal, JSON, HTML, Markdown, gradebook) reads a SubmissionResult and
nothing else. It is plain data: it round-trips through JSON (`to_dict`/`from_dict`).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("graded", "not_implemented", "syntax_error", "import_error", "timeout",
            "crashed", "internal_error")
OUTCOMES = ("passed", "failed", "error", "timeout", "skipped")


@dataclass
class CaseResult:
    """The result of one graded test of a suite."""

    name: str
    points: float
    max_points: float
    outcome: str
    visibility: str
    message: str = ""
    hint: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Misconception:
    """A named mistake the submission was recognised to make."""

    id: str
    message: str
    title: str = ""
    tests: list[str] = field(default_factory=list)


@dataclass
class SubmissionResult:
    """Everything known about the grading of one submission file.

    `status` is one of STATUSES; `gradable` is False when the file could not run at all
    (a course may choose not to count it as an attempt). `message` explains a status
    other than `graded`. `output` is the captured (capped) stdout/stderr of the worker.
    `held_out_exposed` is True when the submission is judged on held-out data its worker
    could read (`rlimits` mode hides nothing: grader.sandbox.held_out_exposed).
    """

    exercise: str
    file: str
    sha256: str
    score: float
    max_score: float
    status: str
    gradable: bool
    tests: list[CaseResult] = field(default_factory=list)
    misconceptions: list[Misconception] = field(default_factory=list)
    device: str = "cpu"
    duration_s: float = 0.0
    message: str = ""
    mode: str = "submit"
    sandbox: str = "rlimits"
    held_out_exposed: bool = False
    output: str = ""
    output_truncated_bytes: int = 0
    training: dict[str, Any] = field(default_factory=dict)
    grader_version: str = ""
    graded_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SubmissionResult":
        """Rebuild a result from `to_dict` output; unknown keys are ignored."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["tests"] = [CaseResult(**case) for case in data.get("tests", [])]
        values["misconceptions"] = [Misconception(**item)
                                    for item in data.get("misconceptions", [])]
        return cls(**values)
