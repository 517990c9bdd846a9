"""The append-only journal: every finished result, written before anything else.

    OUT/.torchgrade/journal.jsonl     one Record (JSON line) per finished result, fsynced
    OUT/.torchgrade/regrade.jsonl     a --regrade's results until --apply moves them over

A re-run of the same command reads it and grades only what is missing or changed
(a Record's key, grader.classroom.fingerprint); internal errors are graded again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from grader.classroom.jobs import Job
from grader.result import SubmissionResult

JOURNAL = "journal.jsonl"
PENDING = "regrade.jsonl"  # a --regrade's results until --apply moves them to the journal


@dataclass
class Record:
    """One journal line: a finished result and what it was the result of."""

    key: str
    student: str
    stem: str
    member: str
    result: SubmissionResult

    def to_json(self) -> str:
        return json.dumps({"key": self.key, "student": self.student, "stem": self.stem,
                           "member": self.member, "result": self.result.to_dict()},
                          allow_nan=False)

    @classmethod
    def from_json(cls, line: str) -> "Record":
        data = json.loads(line)
        return cls(key=str(data["key"]), student=str(data["student"]), stem=str(data["stem"]),
                   member=str(data["member"]), result=SubmissionResult.from_dict(data["result"]))


class Journal:
    """The append-only record of finished results: one JSON line each, fsynced.

    Lines are never rewritten. On load, a later line for the same student and exercise
    replaces an earlier one, and a damaged line (a write cut short by a crash) is
    skipped with a warning, so its submission is graded again.
    """

    def __init__(self, path: Path):
        self.path = path
        self._handle: BinaryIO | None = None

    def load(self) -> tuple[dict[tuple[str, str], Record], list[str]]:
        records: dict[tuple[str, str], Record] = {}
        warnings: list[str] = []
        if not self.path.exists():
            return records, warnings
        for number, line in enumerate(self.path.read_bytes().split(b"\n"), start=1):
            if not line.strip():
                continue
            try:
                record = Record.from_json(line.decode("utf-8"))
            except (ValueError, KeyError, TypeError, AttributeError):
                warnings.append(f"journal line {number} is damaged and was skipped; "
                                "that submission is graded again")
                continue
            records[(record.student, record.stem)] = record
        return records, warnings

    def append(self, record: Record) -> None:
        if self._handle is None:
            self._handle = open(self.path, "ab")
            if self._handle.tell() and not self._ends_with_newline():
                self._handle.write(b"\n")  # seal a line a crash cut short
        self._handle.write(record.to_json().encode("utf-8") + b"\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def _ends_with_newline(self) -> bool:
        with open(self.path, "rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def still_valid(record: Record | None, job: Job) -> bool:
    """Whether a journaled result stands for `job`: same key, and no internal error."""
    return record is not None and record.key == job.key \
        and record.result.status != "internal_error"
