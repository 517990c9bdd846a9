"""A student's local history: what `grade check`, `grade submit` and `grade hint` did.

A *workspace* is a folder with a `.grade/` folder in it (`grade init` makes one; so
does `mkdir .grade`). Each check, submit or hint appends one JSON line to
`.grade/history.jsonl` of the nearest workspace holding the file; `grade progress`
reads them back. No server, no database: one append-only text file per workspace.

Recording must never cost a student their feedback: `record_result` swallows every
error (a read-only folder, a full disk, a broken file) after one line on stderr.
Files outside any workspace are graded as usual and recorded nowhere, so grading a
repository's own files never litters it.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path
from typing import Any

from grader.result import Status, json_safe

FOLDER = ".grade"
FILE = "history.jsonl"
VERSION = 1


def workspace_of(path: str | Path) -> Path | None:
    """The nearest folder holding `.grade/`: `path` itself (a folder) or the folder of
    `path` (a file), then their parents; None when there is none."""
    path = Path(path).resolve()
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / FOLDER).is_dir():
            return folder
    return None


def history_file(workspace: str | Path) -> Path:
    return Path(workspace) / FOLDER / FILE


def make_workspace(folder: str | Path) -> bool:
    """Create `folder/.grade/`; True when it did not exist before."""
    marker = Path(folder) / FOLDER
    existed = marker.is_dir()
    marker.mkdir(parents=True, exist_ok=True)
    return not existed


def result_record(file: str | Path, result, workspace: Path) -> dict[str, Any]:
    """The history line for one graded file: a summary, not the whole result."""
    file = Path(file).resolve()
    try:
        name = file.relative_to(workspace.resolve()).as_posix()
    except ValueError:
        name = file.name
    return {"v": VERSION, "kind": result.mode, "at": _now(), "exercise": result.exercise,
            "file": name, "sha256": result.sha256, "status": result.status,
            "score": result.score, "max_score": result.max_score, "passed": passed(result),
            "misconceptions": [item.title or item.id for item in result.misconceptions]}


def passed(result) -> bool:
    """Full marks on what was run (the public tests for a check)."""
    return (result.status == Status.GRADED and result.max_score > 0
            and result.score >= result.max_score - 1e-9)


def record_result(file: str | Path, result) -> None:
    """Append `result` of grading `file` to its workspace's history, if it has one.

    Never raises: a history that cannot be written must not fail the grading."""
    try:
        workspace = workspace_of(file)
        if workspace is not None:
            append(workspace, result_record(file, result, workspace))
    except Exception as error:  # any failure here is the history's, not the grade's
        print(f"note: the grading history was not saved ({type(error).__name__}: {error})",
              file=sys.stderr)


def append(workspace: str | Path, record: dict[str, Any]) -> None:
    """Append one record as one line (a single write in append mode)."""
    line = json.dumps(json_safe(record), sort_keys=True, allow_nan=False) + "\n"
    target = history_file(workspace)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line.encode("utf-8"))
    finally:
        os.close(descriptor)


def read(workspace: str | Path) -> list[dict[str, Any]]:
    """Every readable record, oldest first; broken lines are skipped."""
    target = history_file(workspace)
    try:
        text = target.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    records = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("exercise"), str):
            records.append(record)
    return records


def hint_record(stem: str, level: int) -> dict[str, Any]:
    return {"v": VERSION, "kind": "hint", "at": _now(), "exercise": stem, "level": level}


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
