"""Fingerprints: what decides whether a journal result is still valid on a re-run.

    job_key(stem, name, content)    the submission with everything grading it depends on
    code_fingerprint(stem)          the grader version, suite, reference and mutants: a
                                    remote grading process compares it with ours
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os

from grader import catalog
from grader.package import __version__


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
