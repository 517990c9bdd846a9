"""A job (one submission to grade) and the verdicts about it that every pool shares.

    Job(student, stem, member, path, key, limit_s, training)
    grade_request(runner, {"path", "stem"}) -> result dict    in a trusted grading process
    decode_result(job, text) -> SubmissionResult              its answer, back in the batch
    failure(job, status, message) -> SubmissionResult         when no answer could be had
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from grader import catalog
from grader.result import Status, SubmissionResult, internal_error_message


@dataclass(frozen=True)
class Job:
    """One submission to grade: the chosen file of one student for one exercise."""

    student: str
    stem: str
    member: str  # where it is in SUBMISSIONS, as lms.shown() shows it
    path: Path  # the staged copy in OUT/.torchgrade/inbox that is graded
    key: str  # content hash: see grader.classroom.fingerprint
    limit_s: float  # the grading process must answer within this
    training: bool = False


def failure(job: Job, status: Status, message: str) -> SubmissionResult:
    """The verdict for a job the grading process could not give one for."""
    exercise = catalog.get(job.stem)
    content = job.path.read_bytes() if job.path.is_file() else b""
    return SubmissionResult.not_graded(
        status, message, exercise=job.stem, file=job.path.name,
        sha256=hashlib.sha256(content).hexdigest(), max_score=float(exercise.points))


def decode_result(job: Job, text: str) -> SubmissionResult:
    """A grading process's answer (the JSON of a result) as a result; one that cannot
    be read becomes an internal error of this job."""
    try:
        return SubmissionResult.from_dict(json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        return failure(job, Status.INTERNAL_ERROR, f"the grading process sent a malformed "
                       f"result ({type(error).__name__})")


def grade_request(runner, request: dict) -> dict:
    """Grade one job in a grading process: `{"path", "stem"}` in, a result dict out
    (never an exception). `runner` is grader.judge.runner, imported by the caller."""
    try:
        return runner.grade(request["path"], request["stem"]).to_dict()
    except Exception as error:  # e.g. SubmissionInputError: still a verdict
        job = Job("", request["stem"], "", Path(request["path"]), "", 0.0)
        return failure(job, Status.INTERNAL_ERROR, internal_error_message(error)).to_dict()
