"""The plan: which files become which jobs.

    plan(inbox, stems) -> Plan     one chosen file per (student, exercise), the rest listed
    stage(plan, inbox, staging) -> jobs    each chosen file copied where it is graded, with
                                           its key (grader.classroom.fingerprint)
    receipt_warnings(plan, inbox)          deposits whose receipt disagrees with the file
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from grader import catalog
from grader.classroom import exchange, fingerprint, lms, names
from grader.classroom.jobs import Job
from grader.engine.submission import SUFFIXES
from grader.reports.class_results import PLAIN, Student
from grader.reports.display import shown

GRACE_S = 60.0  # beyond an exercise's own limit, before a grading process is killed


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
        superseded = f"superseded by {shown(chosen[pair].member)}"
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
        base = names.folder_name(key)
        folder, number = base, 1
        while folder.lower() in taken:
            number += 1
            folder = f"{base}-{number}"
        taken.add(folder.lower())
        students[key].folder = folder


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
        name = names.staged_name(entry.original)
        target = staging / plan_.students[student].folder / stem / name
        _write_if_changed(target, content)
        exercise = catalog.get(stem)
        jobs.append(Job(student, stem, shown(entry.member), target,
                        fingerprint.job_key(stem, name, content), exercise.time_limit_s + GRACE_S,
                        exercise.training))
    return jobs, unreadable


def receipt_warnings(plan_: Plan, inbox: lms.Inbox) -> list[str]:
    """A warning for each chosen file that a `grade submit --to` receipt next to it
    (grader.classroom.exchange) says is not what was deposited."""
    warnings = []
    for (_, stem), entry in sorted(plan_.chosen.items()):
        folder, _, name = entry.member.rpartition("/")
        if entry.layout != PLAIN or not folder:
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
            warnings.append(f"{shown(entry.member)}: {problem}")
    return warnings


def _write_if_changed(path: Path, content: bytes) -> None:
    """Stage `content` at `path`, replaced atomically but not fsynced: what a resumed
    batch trusts is the journal, whose key hashes the content, and every run stages
    again whatever differs."""
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
