"""Batch grading: a class in one command, a gradebook out, nothing lost.

    run(BatchOptions(submissions, out, workers=N)) -> BatchOutcome    behind `grade batch`

    SUBMISSIONS --lms.scan--> files per student --plan--> one Job per (student, exercise)
    Jobs not already in the journal --a pool--> results
    each result --Journal.append (flushed, fsynced) FIRST--> then every output (gradebook)

This module is the orchestrator; each step has its own module in grader.classroom:
options (the request and its checks), plan (files to jobs), fingerprint (what a re-run
may skip), journal, progress, outputs, and the pools behind the `Pool` protocol (pool):
local_pool (grading processes here) and dask_pool (`--dask`).

Never lose work: the journal `OUT/.torchgrade/journal.jsonl` gets one JSON line per
finished result before anything else is written; a re-run of the same command reads it
and grades only what is missing. A job's `key` hashes the submission's bytes and name
with the exercise's suite, reference and mutants and the grader version, so a re-run
also re-grades what changed and skips what did not. Results that were internal grader
errors are graded again on a re-run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from grader.classroom import late, lms, local_pool, options as checks, outputs
from grader.classroom import plan as planning
from grader.classroom.jobs import Job
from grader.classroom.journal import JOURNAL, PENDING, Journal, Record, still_valid
from grader.classroom.options import BatchInputError, BatchOptions
from grader.classroom.outputs import BatchOutcome, Change
from grader.classroom.plan import Plan
from grader.classroom.pool import Grade, Pool
from grader.classroom.progress import Progress
from grader.result import SubmissionResult


class BatchInterrupted(Exception):
    """The batch was stopped (Ctrl-C); every finished result is in the journal."""


def run(options: BatchOptions, pool: Grade | None = None) -> BatchOutcome:
    """Grade the class in `options.submissions` into `options.out` (see the module doc).

    `pool` runs the jobs (a Pool's `run`; default: a ServerPool of `options.workers`
    processes); raises BatchInputError for unusable input, BatchInterrupted on Ctrl-C.
    """
    stems = checks.checked_stems(options.stems)
    policy = checks.late_policy(options)
    roster = checks.roster(options)
    checks.check_paths(Path(options.submissions), Path(options.out))
    if options.dask:
        _dask_pool()  # no Dask: say so before anything is written
    inbox = checks.scan(options)
    try:
        chosen = planning.plan(inbox, stems)
        if not chosen.chosen:
            raise BatchInputError(checks.nothing_to_grade(options, inbox, chosen.unplaced))
        state = checks.open_out(Path(options.out))
        with checks.Locked(state):
            return _run(options, inbox, chosen, state, pool, policy, roster)
    finally:
        inbox.close()


def _run(options: BatchOptions, inbox: lms.Inbox, chosen: Plan, state: Path,
         pool: Grade | None, policy: late.LatePolicy,
         roster: dict[str, list[str]] | None) -> BatchOutcome:
    jobs, unreadable = planning.stage(chosen, inbox, (state / "inbox").resolve())
    unplaced = chosen.unplaced + unreadable
    forced = _selected(jobs, chosen, options.student)
    journal = Journal(state / JOURNAL)
    records, warnings = journal.load()
    warnings += planning.receipt_warnings(chosen, inbox)
    changes: list[Change] = []
    kept = None
    if options.regrade or options.apply:
        changes, pending, graded_now = _regrade(options, forced or jobs, records, state, pool)
        fresh = {(job.student, job.stem) for job in forced or jobs}  # reports to rewrite
        if not options.apply:
            return outputs.outcome(options, len(chosen.students), jobs, records, graded_now,
                                   unplaced, warnings, changes, applied=False)
        kept = outputs.keep_gradebook(Path(options.out))
        for job in forced or jobs:
            journal.append(pending[(job.student, job.stem)])
            records[(job.student, job.stem)] = pending[(job.student, job.stem)]
        journal.close()
        (state / PENDING).unlink(missing_ok=True)
    else:
        todo = [job for job in jobs if job in forced
                or not still_valid(records.get((job.student, job.stem)), job)]
        fresh = graded_now = _grade_into(options, todo, journal, records, state, pool)
    summary, written_warnings = outputs.write(options, chosen, jobs, records, fresh,
                                              unplaced, policy, roster)
    outcome = outputs.outcome(options, len(chosen.students), jobs, records, graded_now,
                              unplaced, warnings + written_warnings, changes)
    outcome.kept, outcome.summary = kept, summary
    return outcome


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
             pool: Grade | None) -> tuple[list[Change], dict, set]:
    """Grade `jobs` again into the pending journal (itself resumable) and compare;
    returns the changes, the pending results and the (student, stem) pairs graded now."""
    pending_journal = Journal(state / PENDING)
    pending, warnings = pending_journal.load()
    todo = [job for job in jobs
            if not still_valid(pending.get((job.student, job.stem)), job)]
    graded_now = _grade_into(options, todo, pending_journal, pending, state, pool)
    changes = []
    for job in jobs:
        old = records.get((job.student, job.stem))
        new = pending[(job.student, job.stem)].result.score
        if old is None or old.result.score != new:
            changes.append(Change(job.student, job.stem,
                                  None if old is None else old.result.score, new))
    return changes, pending, graded_now


def _grade_into(options: BatchOptions, todo: list[Job], journal: Journal, records: dict,
                state: Path, pool: Grade | None) -> set[tuple[str, str]]:
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


def _executor(options: BatchOptions, state: Path, todo: list[Job]) -> Grade:
    """The pool that grades `todo` (its `run`): Dask with --dask, else grading
    processes here."""
    pool: Pool
    if options.dask:
        pool = _dask_pool().DaskPool(options.dask, options.workers, _gpu_count(todo))
    else:
        pool = local_pool.ServerPool(options.workers or os.cpu_count() or 1,
                                     local_pool.logs(state), _gpu_count(todo))
    return pool.run


def _dask_pool():
    """grader.classroom.dask_pool, or a one-line BatchInputError when Dask is not installed."""
    try:
        from grader.classroom import dask_pool
    except ImportError as error:
        if (error.name or "").partition(".")[0] in ("dask", "distributed"):
            raise BatchInputError(checks.MISSING_DASK) from None
        raise
    return dask_pool


def _gpu_count(jobs: list[Job]) -> int:
    """GPUs to share among training jobs (torch is imported only if there are any)."""
    if not any(job.training for job in jobs):
        return 0
    import torch

    return torch.cuda.device_count() if torch.cuda.is_available() else 0
