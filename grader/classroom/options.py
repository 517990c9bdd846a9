"""What `grade batch` was asked, and the checks on it before anything is written.

    BatchOptions(submissions, out, ...)      the request (the CLI's and the Python API's)
    checked_stems / late_policy / roster / check_paths / scan / nothing_to_grade
        each a one-line BatchInputError (exit code 2) when the input cannot be used
    open_out(OUT) -> OUT/.torchgrade, then `with Locked(state):` one batch per folder
"""

from __future__ import annotations

import fcntl
import json
from dataclasses import dataclass
from pathlib import Path

from grader import catalog
from grader.package import __version__
from grader.classroom import late, lms
from grader.errors import UserInputError
from grader.reports import files, lms_gradebook
from grader.reports.display import shown

STATE = ".torchgrade"  # OUT/.torchgrade: the journal, staged files, logs, the lock
MISSING_DASK = "--dask needs Dask distributed: pip install torchgrade[dask]"


class BatchInputError(UserInputError):
    """Unusable input or output folder: a one-line message (exit code 2)."""


@dataclass(frozen=True)
class BatchOptions:
    """What `grade batch` was asked. `workers` None: one per CPU. `stems`: only these
    exercises (with exactly one, a .py/.ipynb named after no exercise is taken as it).
    `progress` None: a progress bar when stderr is a terminal. `student`: grade this
    student's submissions again even if unchanged (key, name or LMS id). `regrade`:
    grade again and report the score changes without replacing anything; `apply`:
    regrade and replace, keeping the previous gradebook. `dask`: grade on Dask
    distributed instead of grading processes here (`local`: a LocalCluster of
    `workers` processes, default 2). `gradebook_format`: plain, canvas or moodle
    (grader.reports.lms_gradebook). `late_penalty` and `due`: the late policy
    (grader.classroom.late)."""

    submissions: str | Path
    out: str | Path
    workers: int | None = None
    stems: tuple[str, ...] = ()
    gradescope: bool = False
    progress: bool | None = None
    student: str | None = None
    regrade: bool = False
    apply: bool = False
    dask: str | None = None
    gradebook_format: str = "plain"  # grader.reports.lms_gradebook.FORMATS
    late_penalty: str | None = None  # grader.classroom.late: "20%" or "10%/day"; None: no penalty
    due: str | None = None  # grader.classroom.late: when the work was due (ISO 8601)
    roster: str | Path | None = None  # a Canvas Gradebook export (grader.reports.lms_gradebook)
    similarity: bool = False  # also list the most similar pairs (grader.classroom.similarity)
    similarity_threshold: float = 0.8  # the least score (0..1) a listed pair has


def checked_stems(stems: tuple[str, ...]) -> tuple[str, ...]:
    """The exercises asked for, as the catalog spells them."""
    try:
        return tuple(catalog.get(stem).stem for stem in stems)
    except catalog.UnknownExercise as error:
        raise BatchInputError(str(error)) from None


def late_policy(options: BatchOptions) -> late.LatePolicy:
    try:
        return late.parse(options.late_penalty, options.due)
    except late.LatePolicyError as error:
        raise BatchInputError(str(error)) from None


def roster(options: BatchOptions) -> dict[str, list[str]] | None:
    """The Canvas roster of --roster (None without one)."""
    if options.roster is None:
        return None
    if options.gradebook_format != "canvas":
        raise BatchInputError("--roster is a Canvas Gradebook export: use it with "
                              "--format canvas")
    try:
        return lms_gradebook.read_canvas_roster(options.roster)
    except lms_gradebook.RosterError as error:
        raise BatchInputError(str(error)) from None


def check_paths(submissions: Path, out: Path) -> None:
    """SUBMISSIONS exists; OUT is a folder, neither inside the other, and new, empty or
    an earlier batch's."""
    if not submissions.exists():
        raise BatchInputError(f"{submissions}: no such folder or zip file")
    if out.exists() and not out.is_dir():
        raise BatchInputError(f"{out} is a file; -o needs a folder for the gradebook")
    source, target = submissions.resolve(), out.resolve()
    if target == source or source in target.parents:
        raise BatchInputError(f"-o {out} is inside the submissions {submissions}; "
                              "choose a folder outside it")
    if target in source.parents:
        raise BatchInputError(f"the submissions {submissions} are inside -o {out}; "
                              "choose another output folder")
    if out.is_dir() and not (out / STATE).is_dir() and any(out.iterdir()):
        raise BatchInputError(f"{out} is not empty and holds no earlier `grade batch` "
                              "output; choose a new or empty folder")


def scan(options: BatchOptions) -> lms.Inbox:
    """The submissions, read as the LMS laid them out."""
    try:
        return lms.scan(options.submissions)
    except lms.InboxError as error:
        raise BatchInputError(str(error)) from None


def nothing_to_grade(options: BatchOptions, inbox: lms.Inbox,
                     unplaced: list[lms.Unplaced]) -> str:
    """The message when no file is to be graded: empty, or why the first few are not."""
    if not inbox.entries and not inbox.unplaced:
        return f"{options.submissions}: no submissions found (it is empty)"
    examples = "; ".join(f"{shown(item.member)}: {shown(item.reason)}"
                         for item in unplaced[:3])
    wanted = f" for {', '.join(options.stems)}" if options.stems else ""
    return f"{options.submissions}: no file to grade{wanted}" + \
        (f" ({examples})" if examples else "")


def open_out(out: Path) -> Path:
    """OUT/.torchgrade, created and marked as a batch's (a one-line error if it cannot be)."""
    state = out / STATE
    try:
        state.mkdir(parents=True, exist_ok=True)
        marker = state / "batch.json"
        if not marker.exists():
            files.write_atomic(marker, json.dumps(
                {"torchgrade": __version__, "what": "grade batch state"}).encode())
    except OSError as error:
        raise BatchInputError(f"cannot write to {out}: {error.strerror or error}") from None
    return state


class Locked:
    """An exclusive lock on OUT for the batch's lifetime (released by the kernel on a
    crash): two batches never write one folder at once."""

    def __init__(self, state: Path):
        self.handle = open(state / "lock", "a")

    def __enter__(self):
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise BatchInputError(f"another `grade batch` is writing to "
                                  f"{Path(self.handle.name).parent.parent}") from None
        return self

    def __exit__(self, *exc_info):
        self.handle.close()
