"""`grade submit FILE --to EXCHANGE --student ID`: a collection folder `grade batch` reads.

Each deposit is laid out in the plain layout of grader.classroom.lms (one folder per student), so
`grade batch EXCHANGE -o OUT` grades the class as it stands:

    EXCHANGE/<student>/<stem>.py                   the latest deposit: what the batch grades
    EXCHANGE/<student>/.<stem>.receipt.json        its receipt (sha256, score, time, ...)
    EXCHANGE/<student>/.history/<stem>-<time>.py   every earlier deposit, never overwritten
    EXCHANGE/<student>/.history/<stem>-<time>.receipt.json

A deposit is named after its exercise (`hw3_rmsprop.ipynb` -> `rmsprop.ipynb`); a new one
first moves the current `<stem>.py`/`<stem>.ipynb` and its receipt into `.history/`, so
exactly one file per exercise is current and the batch's rule for several files of one
student (grader.classroom.plan.plan) never has to choose. grader.classroom.lms ignores
dot files and dot folders, so receipts and history are kept without being listed as
unused files; `grade batch` checks each current deposit against its receipt's sha256
(receipt_problem).

Privacy: a deposit is for the depositor and the instructor only. Files are written 0640
and student folders 0750 whatever the umask, so with EXCHANGE set up as below only the
student and the `graders` group can read them. A student folder that exists and is not
the depositor's own folder (another user's, a symbolic link, not a folder) is refused:
nobody can pre-create `EXCHANGE/<id>/` to read or replace that student's deposits.

    sudo groupadd graders && sudo usermod -aG graders instructor
    sudo mkdir EXCHANGE && sudo chown instructor:graders EXCHANGE
    sudo chmod 3773 EXCHANGE   # setgid: folders inherit `graders`; sticky: nobody
                               # renames or deletes another's folder; no listing by others
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from grader.package import __version__
from grader.errors import UserInputError
from grader.engine.submission import SUFFIXES

HISTORY = ".history"
_SAFE_ID = re.compile(r"^[\w@+-][\w.@+-]{0,99}$")
FILE_MODE = 0o640  # the depositor reads and writes, the instructor's group reads
FOLDER_MODE = 0o750


class ExchangeError(UserInputError):
    """The deposit cannot be made: a one-line message (exit code 2)."""


@dataclass(frozen=True)
class Deposit:
    """Where a deposit went: the file, its receipt, and the receipt's contents."""

    path: Path
    receipt_path: Path
    receipt: dict


def check_student(student: str) -> str:
    """The student id as a folder name; ExchangeError if it cannot be one."""
    student = (student or "").strip()
    if not _SAFE_ID.match(student) or student in (".", ".."):
        raise ExchangeError(f"--student {student!r}: use letters, digits and . _ - @ + only "
                            "(it names the student's folder), not starting with a dot")
    return student


def receipt_name(stem: str) -> str:
    return f".{stem}.receipt.json"


def deposit(file: str | Path, exchange: str | Path, student: str, result,
            content: bytes | None = None, now: datetime.datetime | None = None) -> Deposit:
    """Copy FILE (its bytes `content`, read now if None) into EXCHANGE/<student>/ as the
    current deposit for `result.exercise`, with a receipt; earlier deposits move to
    `.history/`. `result` is the SubmissionResult of grading those bytes."""
    student = check_student(student)
    source = Path(file)
    suffix = source.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExchangeError(f"{source}: only .py files and .ipynb notebooks can be deposited")
    if content is None:
        try:
            content = source.read_bytes()
        except OSError as error:
            raise ExchangeError(f"{source}: cannot be read ({error.strerror or error})") from None
    now = now or datetime.datetime.now(datetime.timezone.utc)
    stem = result.exercise
    folder = Path(exchange) / student
    try:
        Path(exchange).mkdir(parents=True, exist_ok=True)
        _claim(folder)
        _claim(folder / HISTORY)
        _retire(folder, stem)
        target = folder / f"{stem}{suffix}"
        receipt = {
            "torchgrade": __version__, "student": student, "exercise": stem,
            "file": source.name, "deposited_as": target.name,
            "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content),
            "score": result.score, "max_score": result.max_score, "status": result.status,
            "time": now.isoformat(timespec="microseconds"),
        }
        _write_atomic(target, content)
        receipt_path = folder / receipt_name(stem)
        _write_atomic(receipt_path, (json.dumps(receipt, indent=2) + "\n").encode())
    except OSError as error:
        raise ExchangeError(f"cannot deposit into {folder}: {error.strerror or error}") from None
    return Deposit(target, receipt_path, receipt)


def check_folder(exchange: str | Path, student: str) -> None:
    """ExchangeError unless EXCHANGE/<student> is absent or the caller's own private
    folder: called before grading, so a refused deposit costs no grading time."""
    folder = Path(exchange) / check_student(student)
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return
    except OSError as error:
        raise ExchangeError(f"cannot use {folder}: {error.strerror or error}") from None
    _check_owned(folder, info)


def receipt_problem(receipt: bytes | None, name: str, content: bytes) -> str | None:
    """Why the deposit `name` with bytes `content` does not match its receipt (the
    receipt file's bytes, None when there is none), or None when it matches."""
    if receipt is None:
        return None
    try:
        data = json.loads(receipt)
        expected = str(data["sha256"])
    except (ValueError, KeyError, TypeError):
        return "its receipt is damaged"
    if data.get("deposited_as", name) != name:
        return f"its receipt is for {data.get('deposited_as')!r}"
    actual = hashlib.sha256(content).hexdigest()
    if actual != expected:
        return (f"changed since it was deposited: sha256 {actual[:12]}, its receipt says "
                f"{expected[:12]} ({data.get('time', 'no time')})")
    return None


def _claim(folder: Path) -> None:
    """Create `folder` private to us (FOLDER_MODE, keeping an inherited setgid bit), or
    check that the existing one is our own real folder; ExchangeError otherwise."""
    try:
        folder.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    _check_owned(folder, info)
    wanted = (info.st_mode & stat.S_ISGID) | FOLDER_MODE
    if stat.S_IMODE(info.st_mode) != wanted:
        os.chmod(folder, wanted)


def _check_owned(folder: Path, info: os.stat_result) -> None:
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ExchangeError(f"{folder} is not a folder (a link or a file): refusing to "
                            "deposit there; ask the instructor to remove it")
    if info.st_uid != os.geteuid():
        raise ExchangeError(f"{folder} belongs to another user (uid {info.st_uid}), not to "
                            f"you (uid {os.geteuid()}): refusing to deposit there, since "
                            "its owner could read or replace your work; ask the "
                            "instructor to remove it")


def deposits(exchange: str | Path, student: str, stem: str) -> list[dict]:
    """Every receipt of `student` for `stem`, oldest first (the current one last)."""
    folder = Path(exchange) / check_student(student)
    receipts = [json.loads(path.read_text()) for path in
                (folder / HISTORY).glob(f"{stem}-*.receipt.json")]
    current = folder / receipt_name(stem)
    if current.is_file():
        receipts.append(json.loads(current.read_text()))
    return sorted(receipts, key=lambda receipt: receipt.get("time", ""))


def _retire(folder: Path, stem: str) -> None:
    """Move the current deposit of `stem` (any suffix) and its receipt into .history/."""
    current = [folder / f"{stem}{suffix}" for suffix in SUFFIXES
               if (folder / f"{stem}{suffix}").is_file()]
    if not current:
        return
    receipt = folder / receipt_name(stem)
    stamp = _stamp_of(receipt, current[0])
    name, number = f"{stem}-{stamp}", 1
    while any((folder / HISTORY / f"{name}{suffix}").exists()
              for suffix in SUFFIXES + (".receipt.json",)):
        number += 1
        name = f"{stem}-{stamp}-{number}"
    for path in current:
        os.replace(path, folder / HISTORY / f"{name}{path.suffix}")
    if receipt.is_file():
        os.replace(receipt, folder / HISTORY / f"{name}.receipt.json")


def _stamp_of(receipt: Path, file: Path) -> str:
    """The deposit's time as a file-name stamp: from its receipt, else the file's mtime."""
    moment = None
    try:
        moment = datetime.datetime.fromisoformat(json.loads(receipt.read_text())["time"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if moment is None:
        moment = datetime.datetime.fromtimestamp(file.stat().st_mtime, datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def _write_atomic(path: Path, content: bytes) -> None:
    """Write `content` to `path` with FILE_MODE whatever the umask (a temporary file
    created exclusively, never through a link, then renamed over `path`)."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                         FILE_MODE)
    with open(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
