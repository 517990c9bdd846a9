"""The outputs written at the end of a batch, from the journal's results.

    write(options, plan, jobs, records, fresh, unplaced, policy, roster)
        the gradebook, the summary page and the students' pages (grader.reports.gradebook)
    outcome(...) -> BatchOutcome     the counts for the command's last line
    keep_gradebook(OUT)              the gradebook copied aside before --apply replaces it
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from grader import catalog
from grader.classroom import late, lms, similarity
from grader.classroom.jobs import Job
from grader.classroom.journal import Record
from grader.classroom.options import BatchOptions
from grader.classroom.plan import Plan
from grader.reports import files, gradebook
from grader.reports.class_results import ClassResults, Graded, Student, graded_normally
from grader.result import SubmissionResult


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


def write(options: BatchOptions, chosen: Plan, jobs: list[Job],
          records: dict[tuple[str, str], Record], fresh: set[tuple[str, str]],
          unplaced: list[lms.Unplaced], policy: late.LatePolicy,
          roster: dict[str, list[str]] | None) -> tuple[Path, list[str]]:
    """Write every output for `jobs` (each has its record); the reports of `fresh`
    (student, stem) pairs are rewritten. Returns the summary page and its warnings."""
    graded = [_graded(job, records[(job.student, job.stem)].result,
                      chosen.chosen[(job.student, job.stem)], policy) for job in jobs]
    results = ClassResults(students=sorted(chosen.students.values(), key=_by_name),
                           graded=graded, unplaced=unplaced,
                           stems=[exercise.stem for exercise in catalog.exercises()
                                  if any(job.stem == exercise.stem for job in jobs)],
                           submissions=str(options.submissions))
    similar = similarity.class_pairs([(job.student, job.stem, job.path) for job in jobs],
                                     options.similarity_threshold) \
        if options.similarity else None
    return gradebook.write_outputs(
        Path(options.out), results, fresh, gradescope=options.gradescope,
        fmt=options.gradebook_format, roster=roster, similar=similar,
        threshold=options.similarity_threshold)


def _graded(job: Job, result: SubmissionResult, entry: lms.Entry,
            policy: late.LatePolicy) -> Graded:
    """A result for the outputs, with its lateness and the late policy's penalty."""
    is_late, days = policy.lateness(entry.late, entry.time)
    return Graded(job.student, job.stem, job.member, result, late=is_late,
                  days_late=days, penalty=policy.penalty(is_late, days))


def outcome(options: BatchOptions, students: int, jobs: list[Job], records: dict,
             graded_now: set, unplaced: list, warnings: list[str], changes: list[Change],
             applied: bool = True) -> BatchOutcome:
    """The counts, each as the summary page counts it: `graded_now` are the results
    graded in this run (a regrade's reused pending results are not), `failures` the
    results not graded normally (class_results.graded_normally)."""
    known = [records[(job.student, job.stem)].result for job in jobs
             if (job.student, job.stem) in records]
    return BatchOutcome(out=Path(options.out), students=students,
                        submissions=len(jobs), graded_now=len(graded_now),
                        reused=len(jobs) - len(graded_now),
                        failures=sum(not graded_normally(result)
                                     for result in known),
                        unplaced=len(unplaced), summary=Path(options.out) / gradebook.SUMMARY,
                        warnings=warnings, changes=changes, applied=applied)


def keep_gradebook(out: Path) -> Path | None:
    """Copy gradebook.csv aside before a regrade replaces it; return the copy."""
    current = out / gradebook.GRADEBOOK
    if not current.is_file():
        return None
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return files.write_atomic(out / f"gradebook-before-regrade-{stamp}.csv",
                                  current.read_bytes())


def _by_name(student: Student) -> tuple:
    return (student.name.lower(), student.key)
