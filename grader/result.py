"""The one result type: what grading one submission produced.

Every output (terminal, JSON, HTML, Markdown, gradebook) reads a SubmissionResult and
nothing else. It is plain data: it round-trips through JSON (`to_dict`/`from_dict`).

Its JSON is strict (no bare NaN/Infinity, which strict parsers reject): a non-finite
number is written as the string "NaN", "Infinity" or "-Infinity", and read back as a
float by `from_dict` (in the numeric fields, `details` and `training`). Whatever a
worker sent, `to_dict` stays under MAX_RESULT_BYTES of JSON (indented): strings,
lists and captured output are cut as needed, each cut saying so in place ("...
[N characters cut]", a list's `<key>_cut` count beside it).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from grader.package import __version__

OUTCOMES = ("passed", "failed", "error", "timeout", "skipped")
MAX_RESULT_BYTES = 1_000_000
MESSAGE_CHARS = 2000  # a test's message, when it is made
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_NUMBER_FIELDS = ("score", "max_score", "duration_s", "points", "max_points")


class Status(StrEnum):
    """What became of a submission, in one word. A Status is the very string results,
    journals and gradebooks hold ("graded", "timeout", ...): it compares, prints and
    serialises as that string."""

    GRADED = "graded"
    NOT_IMPLEMENTED = "not_implemented"
    SYNTAX_ERROR = "syntax_error"
    IMPORT_ERROR = "import_error"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    INTERNAL_ERROR = "internal_error"

    @property
    def label(self) -> str:
        """How every report, page, gradebook and results.json names it to people."""
        return _LABELS[self]

    @classmethod
    def label_of(cls, status: str) -> str:
        """The label of `status`; a string that is no Status is its own label."""
        try:
            return cls(status).label
        except ValueError:
            return status


_LABELS = {Status.GRADED: "graded", Status.NOT_IMPLEMENTED: "not implemented yet",
           Status.SYNTAX_ERROR: "syntax error", Status.IMPORT_ERROR: "import error",
           Status.TIMEOUT: "timed out", Status.CRASHED: "crashed",
           Status.INTERNAL_ERROR: "internal grader error"}


def internal_error_message(error: BaseException) -> str:
    """What a student is told when the grader itself failed on their submission."""
    return f"internal grader error: {type(error).__name__}: {error}"


def graded_now() -> str:
    """The `graded_at` stamp of a result made now: UTC, ISO 8601, in seconds."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class _Caps:
    """How far `to_dict` cuts: characters per string, items per list, output chars."""

    text: int
    items: int
    output: int


# Tried in order until the JSON fits under MAX_RESULT_BYTES; the last always does
# (a suite has tens of tests, each then at most a few kilobytes).
_CAPS = (_Caps(4096, 1000, 64 * 1024), _Caps(1000, 100, 16 * 1024), _Caps(200, 20, 2048))


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

    @property
    def body(self) -> str:
        """The message without the title it may open with ("Title: ...")."""
        if self.title and self.message.startswith(self.title + ": "):
            return self.message[len(self.title) + 2:]
        return self.message


@dataclass
class SubmissionResult:
    """Everything known about the grading of one submission file.

    `status` is a Status; `gradable` is False when the file could not run at all
    (a course may choose not to count it as an attempt). `message` explains a status
    other than `graded`. `output` is the captured (capped) stdout/stderr of the worker.
    `held_out_exposed` is True when the submission is judged on held-out data its worker
    could read (`rlimits` mode hides nothing: grader.engine.sandbox.held_out_exposed).
    """

    exercise: str
    file: str
    sha256: str
    score: float
    max_score: float
    status: Status
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

    @classmethod
    def not_graded(cls, status: Status, message: str, *, exercise: str, file: str,
                   sha256: str, max_score: float, **fields: Any) -> "SubmissionResult":
        """A result for a submission that got no normal grading (it timed out, the
        grading process died, the grader failed): `status` says why in a word and
        `message` in words; 0 points, not gradable, stamped with this grader's version
        and the time now. `fields` sets any other field."""
        stamps = {"grader_version": __version__, "graded_at": graded_now(), **fields}
        return cls(exercise=exercise, file=file, sha256=sha256, score=0.0,
                   max_score=max_score, status=Status(status), gradable=False,
                   message=message, **stamps)

    def mark_not_graded(self, status: Status, message: str) -> None:
        """Turn this result, while it is being graded, into one whose grading stopped
        short: `status`, not gradable, `message` saying why."""
        self.status, self.gradable, self.message = Status(status), False, message

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: non-finite numbers as strings, under MAX_RESULT_BYTES."""
        data = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        data["status"] = str(self.status)  # plain data: the string, not the enum
        data["tests"] = [vars(case) for case in self.tests]  # _fit copies what it keeps
        data["misconceptions"] = [vars(item) for item in self.misconceptions]
        for caps in _CAPS:
            fitted = json_safe(_fit(data, caps))
            if len(json.dumps(fitted, indent=2)) < MAX_RESULT_BYTES:
                break
        return fitted

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SubmissionResult":
        """Rebuild a result from `to_dict` output; unknown keys are ignored and
        "NaN"/"Infinity"/"-Infinity" become floats again where numbers belong."""
        values = _known(cls, restore_numbers(data))
        if "status" in values:
            values["status"] = Status(values["status"])  # ValueError for an unknown one
        values["tests"] = [CaseResult(**_known(CaseResult, case))
                           for case in values.get("tests", [])]
        values["misconceptions"] = [Misconception(**_known(Misconception, item))
                                    for item in values.get("misconceptions", [])]
        return cls(**values)


def cut_text(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters and how many were cut."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"... [{len(text) - limit:,} characters cut]"


def json_safe(value: Any) -> Any:
    """`value` with every non-finite float written as "NaN", "Infinity" or "-Infinity"
    (in nested dicts, lists and tuples), so `json.dumps(..., allow_nan=False)` works."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    return value


def restore_numbers(data: Any) -> Any:
    """A result's JSON data with the strings of `json_safe` turned back into floats in
    the numeric fields, `details` and `training` (other strings are left alone)."""
    if not isinstance(data, dict):
        return data
    restored = {}
    for key, value in data.items():
        if key in ("details", "training"):
            value = _floats_back(value)
        elif key in _NUMBER_FIELDS and isinstance(value, str):
            value = NON_FINITE.get(value, value)
        elif key in ("tests", "misconceptions") and isinstance(value, list):
            value = [restore_numbers(item) for item in value]
        restored[key] = value
    return restored


def _floats_back(value: Any) -> Any:
    if isinstance(value, str):
        return NON_FINITE.get(value, value)
    if isinstance(value, dict):
        return {key: _floats_back(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_floats_back(item) for item in value]
    return value


def _known(cls, data: dict) -> dict:
    fields = {f.name for f in dataclasses.fields(cls)}
    return {key: value for key, value in data.items() if key in fields}


def _fit(data: dict, caps: _Caps) -> dict:
    """`data` (a result as a dict) with strings, lists and output cut to `caps`."""
    fitted = {key: value if key in ("tests", "misconceptions") else _cut(value, caps)
              for key, value in data.items()}
    fitted["output"] = cut_text(data.get("output", ""), caps.output)
    fitted["tests"] = [{key: _cut(value, caps) for key, value in case.items()}
                       for case in data.get("tests", [])]
    fitted["misconceptions"] = [{key: _cut(value, caps) for key, value in item.items()}
                                for item in data.get("misconceptions", [])]
    return fitted


def _cut(value: Any, caps: _Caps) -> Any:
    """Strings and lists cut to `caps`; a dict's cut list gets a `<key>_cut` count."""
    if isinstance(value, str):
        return cut_text(value, caps.text)
    if isinstance(value, (list, tuple)):
        kept = [_cut(item, caps) for item in value[:caps.items]]
        if len(value) > caps.items:
            kept.append(f"... [{len(value) - caps.items:,} more items cut]")
        return kept
    if isinstance(value, dict):
        return _cut_dict(value, caps)
    return value


def _cut_dict(value: dict, caps: _Caps) -> dict:
    cut: dict[str, Any] = {}
    for key, item in list(value.items())[:caps.items]:
        if isinstance(item, (list, tuple)) and len(item) > caps.items:
            cut[f"{key}_cut"] = len(item) - caps.items
            item = item[:caps.items]
        cut[cut_text(str(key), caps.text)] = _cut(item, caps)
    if len(value) > caps.items:
        cut["_cut"] = f"{len(value) - caps.items:,} more entries cut"
    return cut
