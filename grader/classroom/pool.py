"""What a pool of graders must offer the batch: the one seam between bookkeeping and grading.

    pool.run(jobs, deliver)    grade every job; deliver(job, result) once per finished one

Two implement it: grader.classroom.local_pool.ServerPool (grading processes on this
machine) and grader.classroom.dask_pool.DaskPool (the same jobs on Dask distributed).
Both end in grader.classroom.jobs.grade_request in a trusted grading process and come
back through jobs.decode_result, so the journal, the outputs and resuming are the
batch's own, written once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from grader.classroom.jobs import Job
from grader.result import SubmissionResult

Deliver = Callable[[Job, SubmissionResult], None]
Grade = Callable[[list[Job], Deliver], None]  # a pool's `run`, or a stand-in for one


class Pool(Protocol):
    """A pool of graders: started by `run`, stopped before `run` returns."""

    def run(self, jobs: list[Job], deliver: Deliver) -> None:
        """Start the graders, grade `jobs` and call `deliver(job, result)` once for each
        finished job, one call at a time; return when every job is delivered.

        Stop-and-leave-nothing-running: whether `run` returns or raises (Ctrl-C, or
        `deliver` raising because the journal cannot be written), every grading process
        it started, their zygotes and their workers are ended first, and once it raises
        nothing more is delivered. A result is believed only as the pool's grading
        process sent it (never what a worker wrote), and every submission is graded in a
        fresh worker.
        """
        ...
