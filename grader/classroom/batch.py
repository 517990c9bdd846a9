"""Batch grading: a class in one command, a gradebook out, nothing lost.

    run(BatchOptions(submissions, out, workers=N)) -> BatchOutcome    behind `grade batch`

    SUBMISSIONS --lms.scan--> files per student --plan--> one Job per (student, exercise)
    Jobs not already in the journal --an executor--> results
    each result --Journal.append (flushed, fsynced) FIRST--> then every output (gradebook)

The executor (`Pool`) is the one seam between bookkeeping and grading: it is called with
the jobs and a `deliver(job, result)` callback, and calls it once per finished job.
Two implement it: `ServerPool` here (N grading processes on this machine) and
`grader.classroom.dask_pool.DaskPool` (`--dask`: the same jobs on Dask distributed). Both end in
`grade_request` (a job in, a result dict out, in a trusted grading process) and come
back through `decode_result`, so the journal, the outputs and resuming are shared.

Never lose work: the journal `OUT/.torchgrade/journal.jsonl` gets one JSON line per
finished result before anything else is written; a re-run of the same command reads it
and grades only what is missing. A job's `key` hashes the submission's bytes and name
with the exercise's suite, reference and mutants and the grader version, so a re-run
also re-grades what changed and skips what did not. Results that were internal grader
errors are graded again on a re-run.

Isolation between students: each grading process is a fresh interpreter
(`python -m grader.classroom.batch --serve`) that keeps its own warm zygote and grades one job at
a time through `grader.judge.runner.grade` (student code runs only in the zygote's workers).
A grading process that dies is replaced and the job retried once; one that overruns
its job's limit is killed and the job recorded as a timeout. Either way no other
student's result is touched. Training exercises take a GPU each, one at a time per GPU.
"""

from __future__ import annotations

import datetime
import fcntl
import functools
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from grader import PACKAGE_DIR, __version__, catalog
from grader.classroom import exchange, late, lms, similarity
from grader.engine.worker_side import linux
from grader.reports import gradebook, lms_gradebook
from grader.reports.gradebook import ClassResults, Graded, Student
from grader.result import SubmissionResult

STATE = ".torchgrade"  # OUT/.torchgrade: the journal, staged files, logs, the lock
JOURNAL = "journal.jsonl"
PENDING = "regrade.jsonl"  # a --regrade's results until --apply moves them to the journal
SERVE_FLAG = "--serve"
SUFFIXES = (".py", ".ipynb")
GRACE_S = 60.0  # beyond an exercise's own limit, before a grading process is killed
FAILED = ("syntax_error", "import_error", "timeout", "crashed", "internal_error")
MISSING_DASK = "--dask needs Dask distributed: pip install torchgrade[dask]"
_PACKAGE = PACKAGE_DIR
MAX_NAME_BYTES = 120  # a staged file's name; write_atomic adds a temporary prefix
MAX_FOLDER_BYTES = 100  # a student's folder under OUT/students and the staging folder
# In a staged name: path separators, NUL, control and bidi characters, undecodable bytes.
_UNSAFE_IN_NAME = re.compile(r"[/\\\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e"
                             r"\u2066-\u2069\ud800-\udfff]")


class BatchInputError(Exception):
    """Unusable input or output folder: a one-line message (exit code 2)."""


class BatchInterrupted(Exception):
    """The batch was stopped (Ctrl-C); every finished result is in the journal."""


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
    (grader.reports.lms_gradebook). `late_penalty` and `due`: the late policy (grader.classroom.late)."""

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


@dataclass(frozen=True)
class Job:
    """One submission to grade: the chosen file of one student for one exercise."""

    student: str
    stem: str
    member: str  # where it is in SUBMISSIONS, as lms.shown() shows it
    path: Path  # the staged copy in OUT/.torchgrade/inbox that is graded
    key: str  # content hash: see exercise_fingerprint
    limit_s: float  # the grading process must answer within this
    training: bool = False


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


@dataclass
class BatchOutcome:
    """What a batch did: counts for the command's last line, and where the outputs are."""

    out: Path
    students: int
    submissions: int
    graded_now: int
    reused: int
    failures: int
    unplaced: int
    summary: Path
    warnings: list[str] = field(default_factory=list)
    changes: list["Change"] = field(default_factory=list)
    applied: bool = True  # False: a --regrade without --apply replaced nothing
    kept: Path | None = None  # the previous gradebook, after --apply


@dataclass(frozen=True)
class Change:
    """A score a regrade moves: `old` None when there was no result before."""

    student: str
    stem: str
    old: float | None
    new: float


# ----------------------------------------------------------------------------- planning

@dataclass
class Plan:
    """Who submitted what: the students, the chosen file per exercise, and the rest."""

    students: dict[str, Student]
    chosen: dict[tuple[str, str], lms.Entry]
    unplaced: list[lms.Unplaced]


def plan(inbox: lms.Inbox, stems: tuple[str, ...] = ()) -> Plan:
    """Match each file to an exercise and pick one file per student and exercise.

    The rule when a student has several files for one exercise: the latest Canvas
    resubmission counts (`x-2.py` over `x-1.py` over `x.py`), then the latest browser
    or OS copy (`x (2).py` over `x (1).py` over `x.py`); then a file named after the
    exercise over one only taken for it (single --exercise); then `.py` over `.ipynb`;
    then the path that sorts last. The others are listed as superseded, and every file
    not graded is listed with the reason (another exercise than --exercise's included).
    """
    students: dict[str, Student] = {}
    candidates: dict[tuple[str, str], list[tuple[tuple, lms.Entry]]] = {}
    unplaced = list(inbox.unplaced)
    for entry in inbox.entries:
        students.setdefault(entry.student, Student(entry.student, entry.name, entry.lms_id,
                                                   layout=entry.layout))
        stem, assumed, reason = _stem_of(entry.original, stems)
        if stem is None:
            unplaced.append(lms.Unplaced(entry.member, reason))
        else:
            preference = (entry.version, _copy_number(entry.original), not assumed,
                          entry.original.lower().endswith(".py"), _natural(entry.member))
            candidates.setdefault((entry.student, stem), []).append((preference, entry))
    chosen = {}
    for pair, options in candidates.items():
        options.sort(key=lambda option: option[0])
        chosen[pair] = options[-1][1]
        superseded = f"superseded by {lms.shown(chosen[pair].member)}"
        unplaced += [lms.Unplaced(entry.member, superseded) for _, entry in options[:-1]]
    _assign_folders(students)
    return Plan(students, chosen, sorted(unplaced, key=lambda item: item.member))


def _stem_of(original: str, stems: tuple[str, ...]) -> tuple[str | None, bool, str]:
    """(stem, assumed, reason-it-is-not-graded); a reason whenever stem is None."""
    if not original.lower().endswith(SUFFIXES):
        return None, False, "not a .py file or .ipynb notebook"
    try:
        stem = catalog.stem_for_file(original)
    except catalog.UnknownExercise:
        if len(stems) == 1:
            return stems[0], True, ""
        return None, False, "matches no exercise (name it after one, e.g. hw3_rmsprop.py)"
    if stems and stem not in stems:
        return None, False, f"for {stem}, not graded in this run (--exercise " \
                            f"{' '.join(stems)})"
    return stem, False, ""


def _copy_number(original: str) -> int:
    """n for a browser's or OS's n-th copy `x (n).py`, else 0."""
    match = re.search(r"\((\d{1,6})\)\s*\.[^.]*$", original)
    return int(match[1]) if match else 0


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part
                 for part in re.split(r"(\d+)", text.lower()))


def _assign_folders(students: dict[str, Student]) -> None:
    """Give each student a safe, unique folder name for their reports."""
    taken: set[str] = set()
    for key in sorted(students):
        base = bounded_name(re.sub(r"[^\w.-]+", "_", key).strip("._") or "student", "",
                            MAX_FOLDER_BYTES)
        folder, number = base, 1
        while folder.lower() in taken:
            number += 1
            folder = f"{base}-{number}"
        taken.add(folder.lower())
        students[key].folder = folder


@functools.cache
def exercise_fingerprint(stem: str) -> str:
    """Hash of what grading `stem` depends on besides the submission: the grader
    version, the suite, the reference and the mutants (and the data folder for the
    training exercises)."""
    digest = _code_digest(stem)
    if catalog.get(stem).training:
        digest.update(os.environ.get("TORCHGRADE_DATA", "").encode())
    return digest.hexdigest()


@functools.cache
def code_fingerprint(stem: str) -> str:
    """Hash of the grader version, suite, reference and mutants of `stem`: a remote
    grading process compares it with ours before grading (see grader.classroom.dask_pool)."""
    return _code_digest(stem).hexdigest()


def _code_digest(stem: str):
    """The exercise as the layered catalog has it: its settings (points, limits,
    forbidden APIs) and the suite, reference and mutants actually used, a course's
    where one overrides the built-in."""
    settings = dataclasses.replace(catalog.get(stem), origin="")  # not where it lies
    digest = hashlib.sha256(f"torchgrade {__version__} {settings!r}\n".encode())
    used = catalog.files(stem)
    for path in (used.suite, used.solution, used.mutants):
        digest.update(path.read_bytes() if path and path.is_file() else b"-")
    return digest


def job_key(stem: str, name: str, content: bytes) -> str:
    """The content hash that decides whether a journal result is still valid."""
    digest = hashlib.sha256(exercise_fingerprint(stem).encode())
    digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(content)
    return digest.hexdigest()


def stage(plan_: Plan, inbox: lms.Inbox, staging: Path) -> tuple[list[Job], list[lms.Unplaced]]:
    """Copy each chosen file to `staging/<folder>/<stem>/<name>` and make its Job;
    a file that cannot be read becomes an Unplaced instead."""
    jobs, unreadable = [], []
    for (student, stem), entry in sorted(plan_.chosen.items()):
        try:
            content = inbox.read_bytes(entry)
        except lms.InboxError as error:
            unreadable.append(lms.Unplaced(entry.member, f"cannot be read: {error}"))
            continue
        name = _staged_name(entry.original)
        target = staging / plan_.students[student].folder / stem / name
        _write_if_changed(target, content)
        exercise = catalog.get(stem)
        jobs.append(Job(student, stem, lms.shown(entry.member), target,
                        job_key(stem, name, content), exercise.time_limit_s + GRACE_S,
                        exercise.training))
    return jobs, unreadable


def receipt_warnings(plan_: Plan, inbox: lms.Inbox) -> list[str]:
    """A warning for each chosen file that a `grade submit --to` receipt next to it
    (grader.classroom.exchange) says is not what was deposited."""
    warnings = []
    for (_, stem), entry in sorted(plan_.chosen.items()):
        folder, _, name = entry.member.rpartition("/")
        if entry.layout != lms.PLAIN or not folder:
            continue
        try:
            receipt = inbox.read_member(f"{folder}/{exchange.receipt_name(stem)}")
        except lms.InboxError:
            continue  # no receipt: not a deposit
        try:
            problem = exchange.receipt_problem(receipt, name, inbox.read_bytes(entry))
        except lms.InboxError:
            continue  # unreadable: listed among the files not graded
        if problem:
            warnings.append(f"{lms.shown(entry.member)}: {problem}")
    return warnings


def _staged_name(original: str) -> str:
    """The file name a submission is staged (and reported) under: its own name with
    path separators, control and bidi characters and undecodable bytes replaced, and
    at most MAX_NAME_BYTES long (see bounded_name)."""
    stem, dot, suffix = original.rpartition(".")
    if not dot:
        stem, suffix = original, ""
    safe = _UNSAFE_IN_NAME.sub("_", stem)
    return bounded_name(safe, f".{_UNSAFE_IN_NAME.sub('_', suffix.lower())}" if dot else "",
                        MAX_NAME_BYTES, original)


def bounded_name(name: str, suffix: str, limit: int, identity: str | None = None) -> str:
    """`name + suffix` when its UTF-8 is at most `limit` bytes; else `name` cut short,
    a hash of `identity` (default: `name`) and `suffix`, so two long names that share
    their beginning still get different names. Whatever the input, the result fits
    any file system's 255-byte limit with room for a temporary-file prefix."""
    if len((name + suffix).encode("utf-8")) <= limit:
        return name + suffix
    source = (identity if identity is not None else name).encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(source).hexdigest()[:12]
    room = max(limit - len(suffix.encode("utf-8")) - len(digest) - 1, 8)
    head = name.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{head}-{digest}{suffix}"


def _write_if_changed(path: Path, content: bytes) -> None:
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    gradebook.write_atomic(path, content)


# ----------------------------------------------------------------------------- journal

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


# ----------------------------------------------------------------------------- grading processes

class _Lost(Exception):
    """The grading process ended without answering."""


class _Overdue(Exception):
    """The grading process did not answer within the job's limit."""


class _Server:
    """One grading process (`python -m grader.classroom.batch --serve`): a JSON line per job in,
    a JSON line per result out. It has its own session (a Ctrl-C is the batch's to
    handle), and dies with the thread that started it (see `serve`); its zygote then
    ends its workers and exits (grader.engine.zygote)."""

    def __init__(self, warm: str, log: Path):
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(_PACKAGE.parent), *filter(None, [environment.get("PYTHONPATH")])])
        with open(log, "ab") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "grader.classroom.batch", SERVE_FLAG, warm, str(os.getpid())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, bufsize=0,
                env=environment, cwd=log.parent, start_new_session=True)
        self.log = log
        self._pending = b""

    def grade(self, job: Job) -> str:
        """Send `job`; return its result's JSON text. The job carries a fresh random
        token that its answer must start with: any other line (one a worker managed to
        write into the pipe, an answer meant for another job) is skipped."""
        token = secrets.token_hex(16)
        request = json.dumps({"path": str(job.path), "stem": job.stem, "token": token})
        assert self.process.stdin is not None  # Popen(stdin=PIPE)
        try:
            self.process.stdin.write(request.encode() + b"\n")
        except OSError:
            raise _Lost(self._ending()) from None
        deadline = time.monotonic() + job.limit_s
        while True:
            tag, _, text = self._read_line(deadline).partition(b" ")
            if hmac.compare_digest(tag, token.encode()):
                return text.decode("utf-8", "replace")

    def _read_line(self, deadline: float) -> bytes:
        assert self.process.stdout is not None  # Popen(stdout=PIPE)
        descriptor = self.process.stdout.fileno()
        while b"\n" not in self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Overdue()
            ready, _, _ = select.select([descriptor], [], [], min(remaining, 1.0))
            if ready:
                chunk = os.read(descriptor, 1 << 20)
                if not chunk:
                    raise _Lost(self._ending())
                self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line

    def _ending(self) -> str:
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "it stopped answering"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}: {self._last_log_line()}"

    def _last_log_line(self) -> str:
        try:
            with open(self.log, "rb") as handle:
                handle.seek(max(0, os.fstat(handle.fileno()).st_size - 400))
                lines = handle.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1][-200:] if lines else "no log"

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()

    def close(self) -> None:
        """End it when idle: nothing is lost, and waiting for the zygote and torch to
        tear down gracefully would cost seconds at the end of every batch."""
        assert self.process.stdin is not None  # Popen(stdin=PIPE)
        try:
            self.process.stdin.close()
        except OSError:
            pass
        self.kill()


class ServerPool:
    """N threads, each driving one grading process; training jobs hold a GPU each.

    `run(jobs, deliver)` calls `deliver(job, result)` (serialised) for every job that
    finished, and returns when all are done; `stop()` (Ctrl-C) kills the processes and
    delivers nothing more.
    """

    def __init__(self, workers: int, log_dir: Path, gpus: int = 0):
        if linux.available():  # it holds every grading process's pipes: see grader.engine.worker_side.linux
            linux.set_dumpable(False)
        self.workers = workers
        self.log_dir = log_dir
        self._gpus_free = gpus
        self._gpus = gpus
        self._queue: list[Job] = []
        self._ready = threading.Condition()
        self._deliver_lock = threading.Lock()
        self._servers: set[_Server] = set()
        self._stopped = threading.Event()
        self._error: BaseException | None = None
        # A batch's zygotes are warmed fully (torch.optim imported once): the seconds it
        # costs per grading process are won back on every submission that uses an optimizer.
        self._warm = "full"

    def run(self, jobs: list[Job], deliver: Callable[[Job, SubmissionResult], None]) -> None:
        # the longest first, so a slow training job does not finish the batch alone
        self._queue = sorted(jobs, key=lambda job: -job.limit_s)
        threads = [threading.Thread(target=self._slot, args=(index, deliver), daemon=True)
                   for index in range(min(self.workers, len(jobs)))]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.2)
        except BaseException:
            self.stop()
            with self._deliver_lock:  # let a result being journaled finish its line
                pass
            raise
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        self._stopped.set()
        with self._ready:
            servers = list(self._servers)
            self._ready.notify_all()
        for server in servers:
            server.kill()

    def _slot(self, index: int, deliver) -> None:
        server = None
        try:
            while (job := self._take()) is not None:
                try:
                    result, server = self._grade(job, server, index)
                finally:
                    self._release(job)
                with self._deliver_lock:
                    if self._stopped.is_set():
                        return
                    deliver(job, result)
        except BaseException as error:  # e.g. the journal cannot be written: stop all
            self._error = error
            self.stop()
        finally:
            if server is not None:
                server.close()
                self._forget(server)

    def _grade(self, job: Job, server: _Server | None, index: int):
        reason = ""
        for _ in range(2):  # a grading process that dies gets one retry on a fresh one
            if self._stopped.is_set():
                break
            server = server or self._start(index)
            try:
                return decode_result(job, server.grade(job)), server
            except _Overdue:
                result = failure(job, "timeout", f"grading did not finish within "
                                 f"{job.limit_s:g} s; the grading process was stopped")
            except _Lost as lost:
                reason, result = str(lost), None
            server.kill()
            self._forget(server)
            server = None
            if result is not None:
                return result, None
        return failure(job, "internal_error", f"the grading process died twice while "
                       f"grading this file ({reason}), most likely because of the "
                       "submission; it was not graded"), None

    def _start(self, index: int) -> _Server:
        server = _Server(self._warm, self.log_dir / f"grading-{index}.log")
        with self._ready:
            self._servers.add(server)
        if self._stopped.is_set():
            server.kill()
        return server

    def _forget(self, server: _Server) -> None:
        with self._ready:
            self._servers.discard(server)

    def _take(self) -> Job | None:
        with self._ready:
            while not self._stopped.is_set() and self._queue:
                for position, job in enumerate(self._queue):
                    if not (job.training and self._gpus):
                        return self._queue.pop(position)
                    if self._gpus_free:
                        self._gpus_free -= 1
                        return self._queue.pop(position)
                self._ready.wait(0.5)
            return None

    def _release(self, job: Job) -> None:
        if job.training and self._gpus:
            with self._ready:
                self._gpus_free += 1
                self._ready.notify_all()


def failure(job: Job, status: str, message: str) -> SubmissionResult:
    """The verdict for a job the grading process could not give one for."""
    exercise = catalog.get(job.stem)
    content = job.path.read_bytes() if job.path.is_file() else b""
    return SubmissionResult(
        exercise=job.stem, file=job.path.name, sha256=hashlib.sha256(content).hexdigest(),
        score=0.0, max_score=float(exercise.points), status=status, gradable=False,
        message=message, grader_version=__version__,
        graded_at=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"))


def decode_result(job: Job, text: str) -> SubmissionResult:
    """A grading process's answer (the JSON of a result) as a result; one that cannot
    be read becomes an internal error of this job."""
    try:
        return SubmissionResult.from_dict(json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        return failure(job, "internal_error", f"the grading process sent a malformed "
                       f"result ({type(error).__name__})")


def _gpu_count(jobs: list[Job]) -> int:
    """GPUs to share among training jobs (torch is imported only if there are any)."""
    if not any(job.training for job in jobs):
        return 0
    import torch

    return torch.cuda.device_count() if torch.cuda.is_available() else 0


# ----------------------------------------------------------------------------- progress

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
        self.failures += not gradebook.graded_normally(result)
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


# ----------------------------------------------------------------------------- the batch

Pool = Callable[[list[Job], Callable[[Job, SubmissionResult], None]], None]


def run(options: BatchOptions, pool: Pool | None = None) -> BatchOutcome:
    """Grade the class in `options.submissions` into `options.out` (see the module doc).

    `pool` runs the jobs (default: a ServerPool of `options.workers` processes); raises
    BatchInputError for unusable input, BatchInterrupted on Ctrl-C.
    """
    stems = _checked_stems(options.stems)
    policy = _late_policy(options)
    roster = _roster(options)
    _check_paths(Path(options.submissions), Path(options.out))
    if options.dask:
        _dask_pool()  # no Dask: say so before anything is written
    try:
        inbox = lms.scan(options.submissions)
    except lms.InboxError as error:
        raise BatchInputError(str(error)) from None
    try:
        chosen = plan(inbox, stems)
        if not chosen.chosen:
            raise BatchInputError(_nothing_to_grade(options, inbox, chosen))
        state = _open_out(Path(options.out))
        with _locked(state):
            return _run(options, inbox, chosen, state, pool, policy, roster)
    finally:
        inbox.close()


def _run(options: BatchOptions, inbox: lms.Inbox, chosen: Plan, state: Path,
         pool: Pool | None, policy: late.LatePolicy,
         roster: dict[str, list[str]] | None) -> BatchOutcome:
    jobs, unreadable = stage(chosen, inbox, (state / "inbox").resolve())
    forced = _selected(jobs, chosen, options.student)
    journal = Journal(state / JOURNAL)
    records, warnings = journal.load()
    warnings += receipt_warnings(chosen, inbox)
    changes: list[Change] = []
    kept = None
    if options.regrade or options.apply:
        changes, pending, graded_now = _regrade(options, forced or jobs, records, state, pool)
        fresh = {(job.student, job.stem) for job in forced or jobs}  # reports to rewrite
        if not options.apply:
            return _outcome(options, len(chosen.students), jobs, records, graded_now,
                            chosen.unplaced + unreadable, warnings, changes, applied=False)
        kept = _keep_gradebook(Path(options.out))
        for job in forced or jobs:
            journal.append(pending[(job.student, job.stem)])
            records[(job.student, job.stem)] = pending[(job.student, job.stem)]
        journal.close()
        (state / PENDING).unlink(missing_ok=True)
    else:
        todo = [job for job in jobs if job in forced
                or not _still_valid(records.get((job.student, job.stem)), job)]
        fresh = graded_now = _grade_into(options, todo, journal, records, state, pool)
    graded = [_graded(job, records[(job.student, job.stem)].result,
                      chosen.chosen[(job.student, job.stem)], policy) for job in jobs]
    results = ClassResults(students=sorted(chosen.students.values(), key=_by_name),
                           graded=graded, unplaced=chosen.unplaced + unreadable,
                           stems=[exercise.stem for exercise in catalog.exercises()
                                  if any(job.stem == exercise.stem for job in jobs)],
                           submissions=str(options.submissions))
    similar = similarity.class_pairs([(job.student, job.stem, job.path) for job in jobs],
                                     options.similarity_threshold) \
        if options.similarity else None
    summary, written_warnings = gradebook.write_outputs(
        Path(options.out), results, fresh, gradescope=options.gradescope,
        fmt=options.gradebook_format, roster=roster, similar=similar,
        threshold=options.similarity_threshold)
    outcome = _outcome(options, len(results.students), jobs, records, graded_now,
                       results.unplaced, warnings + written_warnings, changes)
    outcome.kept, outcome.summary = kept, summary
    return outcome


def _graded(job: Job, result: SubmissionResult, entry: lms.Entry,
            policy: late.LatePolicy) -> Graded:
    """A result for the outputs, with its lateness and the late policy's penalty."""
    is_late, days = policy.lateness(entry.late, entry.time)
    return Graded(job.student, job.stem, job.member, result, late=is_late,
                  days_late=days, penalty=policy.penalty(is_late, days))


def _roster(options: BatchOptions) -> dict[str, list[str]] | None:
    if options.roster is None:
        return None
    if options.gradebook_format != "canvas":
        raise BatchInputError("--roster is a Canvas Gradebook export: use it with "
                              "--format canvas")
    try:
        return lms_gradebook.read_canvas_roster(options.roster)
    except lms_gradebook.RosterError as error:
        raise BatchInputError(str(error)) from None


def _late_policy(options: BatchOptions) -> late.LatePolicy:
    try:
        return late.parse(options.late_penalty, options.due)
    except late.LatePolicyError as error:
        raise BatchInputError(str(error)) from None


def _outcome(options: BatchOptions, students: int, jobs: list[Job], records: dict,
             graded_now: set, unplaced: list, warnings: list[str], changes: list[Change],
             applied: bool = True) -> BatchOutcome:
    """The counts, each as the summary page counts it: `graded_now` are the results
    graded in this run (a regrade's reused pending results are not), `failures` the
    results not graded normally (gradebook.graded_normally)."""
    known = [records[(job.student, job.stem)].result for job in jobs
             if (job.student, job.stem) in records]
    return BatchOutcome(out=Path(options.out), students=students,
                        submissions=len(jobs), graded_now=len(graded_now),
                        reused=len(jobs) - len(graded_now),
                        failures=sum(not gradebook.graded_normally(result)
                                     for result in known),
                        unplaced=len(unplaced), summary=Path(options.out) / gradebook.SUMMARY,
                        warnings=warnings, changes=changes, applied=applied)


def _selected(jobs: list[Job], chosen: Plan, student: str | None) -> list[Job]:
    """The jobs of `student` (its key, name or LMS id); [] when no student is named."""
    if student is None:
        return []
    keys = {key for key, info in chosen.students.items()
            if student in (key, info.name, info.lms_id)}
    selected = [job for job in jobs if job.student in keys]
    if not selected:
        raise BatchInputError(f"no submission of a student {student!r}; a student is "
                              "named by their folder, their name or their LMS id")
    return selected


def _regrade(options: BatchOptions, jobs: list[Job], records: dict, state: Path,
             pool: Pool | None) -> tuple[list[Change], dict, set]:
    """Grade `jobs` again into the pending journal (itself resumable) and compare;
    returns the changes, the pending results and the (student, stem) pairs graded now."""
    pending_journal = Journal(state / PENDING)
    pending, warnings = pending_journal.load()
    todo = [job for job in jobs
            if not _still_valid(pending.get((job.student, job.stem)), job)]
    graded_now = _grade_into(options, todo, pending_journal, pending, state, pool)
    changes = []
    for job in jobs:
        old = records.get((job.student, job.stem))
        new = pending[(job.student, job.stem)].result.score
        if old is None or old.result.score != new:
            changes.append(Change(job.student, job.stem,
                                  None if old is None else old.result.score, new))
    return changes, pending, graded_now


def _keep_gradebook(out: Path) -> Path | None:
    """Copy gradebook.csv aside before a regrade replaces it; return the copy."""
    current = out / gradebook.GRADEBOOK
    if not current.is_file():
        return None
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return gradebook.write_atomic(out / f"gradebook-before-regrade-{stamp}.csv",
                                  current.read_bytes())


def _grade_into(options: BatchOptions, todo: list[Job], journal: Journal, records: dict,
                state: Path, pool: Pool | None) -> set[tuple[str, str]]:
    """Grade `todo`, journaling each result before anything else; returns the
    (student, stem) pairs graded."""
    progress = Progress(len(todo), options.progress)
    graded_now: set[tuple[str, str]] = set()

    def deliver(job: Job, result: SubmissionResult) -> None:
        record = Record(job.key, job.student, job.stem, job.member, result)
        journal.append(record)  # before anything else is written
        records[(job.student, job.stem)] = record
        graded_now.add((job.student, job.stem))
        progress.update(result)

    try:
        if todo:
            with _terminate_as_interrupt():
                (pool or _executor(options, state, todo))(todo, deliver)
    except KeyboardInterrupt:
        raise BatchInterrupted(
            f"interrupted: {len(graded_now)} of {len(todo)} results of this run kept in "
            f"{journal.path}; run the same command again to resume") from None
    finally:
        progress.close()
        journal.close()
    return graded_now


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (`kill PID`) stops the batch as Ctrl-C does: the pool kills its grading
    processes and the results so far are kept. Only the main thread can handle signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt()


def _executor(options: BatchOptions, state: Path, todo: list[Job]) -> Pool:
    """The pool that grades `todo`: Dask with --dask, else grading processes here."""
    if options.dask:
        return _dask_pool().DaskPool(options.dask, options.workers, _gpu_count(todo)).run
    workers = options.workers or os.cpu_count() or 1
    return ServerPool(workers, _logs(state), _gpu_count(todo)).run


def _dask_pool():
    """grader.classroom.dask_pool, or a one-line BatchInputError when Dask is not installed."""
    try:
        from grader.classroom import dask_pool
    except ImportError as error:
        if (error.name or "").partition(".")[0] in ("dask", "distributed"):
            raise BatchInputError(MISSING_DASK) from None
        raise
    return dask_pool


def _still_valid(record: Record | None, job: Job) -> bool:
    return record is not None and record.key == job.key \
        and record.result.status != "internal_error"


def _by_name(student: Student) -> tuple:
    return (student.name.lower(), student.key)


def _checked_stems(stems: tuple[str, ...]) -> tuple[str, ...]:
    try:
        return tuple(catalog.get(stem).stem for stem in stems)
    except catalog.UnknownExercise as error:
        raise BatchInputError(str(error)) from None


def _check_paths(submissions: Path, out: Path) -> None:
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


def _nothing_to_grade(options: BatchOptions, inbox: lms.Inbox, chosen: Plan) -> str:
    if not inbox.entries and not inbox.unplaced:
        return f"{options.submissions}: no submissions found (it is empty)"
    examples = "; ".join(f"{lms.shown(item.member)}: {lms.shown(item.reason)}"
                         for item in chosen.unplaced[:3])
    wanted = f" for {', '.join(options.stems)}" if options.stems else ""
    return f"{options.submissions}: no file to grade{wanted}" + \
        (f" ({examples})" if examples else "")


def _open_out(out: Path) -> Path:
    state = out / STATE
    try:
        state.mkdir(parents=True, exist_ok=True)
        marker = state / "batch.json"
        if not marker.exists():
            gradebook.write_atomic(marker, json.dumps(
                {"torchgrade": __version__, "what": "grade batch state"}).encode())
    except OSError as error:
        raise BatchInputError(f"cannot write to {out}: {error.strerror or error}") from None
    return state


class _locked:
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


def _logs(state: Path) -> Path:
    logs = state / "logs"
    logs.mkdir(exist_ok=True)
    return logs


# ----------------------------------------------------------------------------- the grading process

def serve(warm: str, parent_pid: int) -> None:
    """The grading process: read job lines on stdin, answer result lines on stdout.

    Only the protocol writes to the original stdout; anything else printed in this
    process goes to stderr (the log). It dies with its parent (SIGKILL, even if the
    parent was SIGKILLed), and its zygote with it.
    """
    if linux.available():  # before anything: no worker may open /proc/<this>/fd
        linux.die_with_parent(parent_pid)
        linux.set_dumpable(False)
    else:
        threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    from grader.engine import zygote

    zygote.shared(warm)  # warms up while the runner imports torch
    from grader.judge import runner

    for line in sys.stdin:
        request = json.loads(line)
        result = json.dumps(grade_request(runner, request), allow_nan=False)
        protocol.write(f"{request.get('token', '-')} {result}\n")
        protocol.flush()
    os._exit(0)  # the zygote's control socket closes with us: it exits too


def grade_request(runner, request: dict) -> dict:
    """Grade one job in a grading process: `{"path", "stem"}` in, a result dict out
    (never an exception). `runner` is grader.judge.runner, imported by the caller."""
    try:
        return runner.grade(request["path"], request["stem"]).to_dict()
    except Exception as error:  # e.g. SubmissionInputError: still a verdict
        job = Job("", request["stem"], "", Path(request["path"]), "", 0.0)
        return failure(job, "internal_error",
                       f"internal grader error: {type(error).__name__}: {error}").to_dict()


def _exit_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(3)


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == SERVE_FLAG:
    serve(sys.argv[2], int(sys.argv[3]))
