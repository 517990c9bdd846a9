"""The one catalog of exercises: the built-in course with the active courses layered on.

Every caller asks here for the exercises (`exercises`, `stems`, `get`), for an
exercise's files (`files`, `suite_path`) and trusted modules (`reference`, `stub`,
`mutants`), and for the exercise a submission's file name means (`stem_for_file`).
Where the exercises come from is grader.catalog.course: the built-ins are the
package's own course (grader/course.toml); a course folder or pack adds exercises or
overrides a built-in one file by file. The names, signatures and semantics of each
exercise are the contract with students (its stub).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import importlib
import re
import types
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import course
from grader.errors import UserInputError


@dataclass(frozen=True)
class Exercise:
    """One exercise of the catalog.

    `names` are the public names a submission must define. `time_limit_s` bounds the
    whole grading of one submission (wall clock); `call_limit_s` bounds each single
    call into student code, so one hanging function costs only its own tests.
    `warm` is the zygote warm-up the exercise's student code profits from: `full` when
    it typically trains with `torch.optim` (see grader.engine.worker_side.warmup).
    `budgets_s` is, for a training exercise, the wall-clock training budget per device
    type (`cpu`, `cuda`): a training still running when its device's budget is spent is
    stopped at the next batch and judged as it was (see
    grader.engine.worker_side.harness.training). `origin` says where the exercise comes
    from: `built-in`, or a course folder or pack (grader.catalog.course). `forbid`
    names the group of APIs the contract forbids (grader.catalog.forbidden_groups.RULES)
    inside the functions `forbid_in` (default: all `names`); the grader judges their
    source in the trusted process, and their calls in the worker as well. Every field
    but `stem` and `origin` is a key of course.toml's [exercises.<stem>] tables.
    """

    stem: str
    concept: str
    names: tuple[str, ...]
    points: int = 10
    time_limit_s: float = 30.0
    call_limit_s: float = 5.0
    training: bool = False
    warm: str = "light"
    budgets_s: tuple[tuple[str, float], ...] = ()
    origin: str = "built-in"
    forbid: str = ""
    forbid_in: tuple[str, ...] = ()

    def budget_s(self, device: str) -> float | None:
        """The training budget on `device` (a device type), None if it has none."""
        return dict(self.budgets_s).get(device)

    def forbidden_scope(self) -> tuple[str, ...]:
        """The functions whose code must not reach the `forbid` group's APIs."""
        return (self.forbid_in or self.names) if self.forbid else ()


class UnknownExercise(UserInputError, ValueError):
    """A stem or file name that names no exercise; the message lists close matches."""


@dataclass(frozen=True)
class ExerciseFiles:
    """The four files of one exercise after courses are layered on the built-ins."""

    stem: str
    origin: str
    stub: Path | None
    solution: Path | None
    suite: Path | None
    mutants: Path | None
    built_in: dict  # kind -> whether that file is the built-in one

    def path(self, kind: str) -> Path | None:
        """The file of one of grader.catalog.course.KINDS."""
        return {"exercises": self.stub, "solutions": self.solution, "suites": self.suite,
                "mutants": self.mutants}[kind]

    def missing(self) -> list[str]:
        """The required files (stub, solution, suite) this exercise lacks."""
        return [kind for kind in ("exercises", "solutions", "suites") if self.path(kind) is None]


# ---- the exercises -------------------------------------------------------------------

def exercises() -> tuple[Exercise, ...]:
    """The built-in exercises with the active courses' added or overriding them
    (`grade --course DIR`, TORCHGRADE_COURSE, installed course packs), in catalog order."""
    return tuple(_known().values())


def stems() -> tuple[str, ...]:
    """The stems of `exercises()`, in the same order."""
    return tuple(_known())


def get(stem: str) -> Exercise:
    """Return the exercise named `stem`, or raise UnknownExercise with close matches."""
    known = _known()
    if stem in known:
        return known[stem]
    close = difflib.get_close_matches(stem, list(known), n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UnknownExercise(
        f"unknown exercise {stem!r}.{hint} Exercises: {', '.join(known)}.")


def _known() -> dict[str, Exercise]:
    known = dict(_built_ins())
    for source in course.active():
        for stem in source.stems():
            known[stem] = _exercise(source, stem, known.get(stem))
    return known


@functools.lru_cache(maxsize=1)
def _built_ins() -> dict[str, Exercise]:
    built_in = course.builtin()
    return {stem: _exercise(built_in, stem, None) for stem in built_in.stems()}


def _exercise(source: course.Course, stem: str, base: Exercise | None) -> Exercise:
    """`stem` as `source` describes it, over `base`: the exercise it overrides, if any."""
    overrides = base is not None and base.origin == course.BUILT_IN
    origin = source.origin + (" (overrides built-in)" if overrides else "")
    if base is None:
        base = Exercise(stem, *source.described_by_files(stem))
    return dataclasses.replace(base, origin=origin, **source.settings_of(stem))


# ---- the files and trusted modules of one exercise -----------------------------------

def files(stem: str) -> ExerciseFiles:
    """Where each file of `stem` comes from: the last course that ships it, else the
    built-ins."""
    chosen: dict[str, tuple[Path | None, bool]] = dict.fromkeys(course.KINDS, (None, False))
    origin = course.BUILT_IN
    for source in (course.builtin(), *course.active()):
        if not source.ships(stem):
            continue
        origin = source.origin
        for kind in course.KINDS:
            path = source.file(kind, stem)
            if path is not None:
                chosen[kind] = (path, source.built_in)
    return ExerciseFiles(stem, origin, stub=chosen["exercises"][0],
                         solution=chosen["solutions"][0], suite=chosen["suites"][0],
                         mutants=chosen["mutants"][0],
                         built_in={kind: chosen[kind][1] for kind in course.KINDS})


def reference(stem: str) -> types.ModuleType:
    """The trusted reference solution of `stem`."""
    return _module(stem, "solutions")


def stub(stem: str) -> types.ModuleType:
    """The stub of `stem`, imported in this (trusted) process: for static checks only."""
    return _module(stem, "exercises")


def suite_path(stem: str) -> Path:
    """The pytest suite of `stem`."""
    path = files(stem).suite
    if path is None:
        raise course.CourseError(f"exercise {stem!r} has no suite (suites/{stem}.py)")
    return path


def mutants(stem: str) -> list:
    """The Mutants declared for `stem` (none without a mutants module)."""
    found = files(stem)
    if found.mutants is None:
        return []
    return list(getattr(_loaded(found, "mutants"), "MUTANTS", []))


# The packages the built-in files are imported as (not loaded from their paths).
_PACKAGES = {"exercises": "grader.exercises", "solutions": "grader.solutions",
             "mutants": "grader.mutants"}


def _module(stem: str, kind: str) -> types.ModuleType:
    found = files(stem)
    if found.path(kind) is None:
        raise course.CourseError(f"exercise {stem!r} has no {kind}/{stem}.py")
    return _loaded(found, kind)


def _loaded(found: ExerciseFiles, kind: str) -> types.ModuleType:
    path = found.path(kind)
    assert path is not None  # the callers checked
    if found.built_in[kind]:
        return importlib.import_module(f"{_PACKAGES[kind]}.{found.stem}")
    return course.load_file(path, kind, found.stem)


# ---- which exercise a file is --------------------------------------------------------

def stem_for_file(path: str | Path) -> str:
    """Infer the exercise of a submission file from its name.

    Case and separators do not matter (`RMSprop.py`, `LinearModel.py` -> `rmsprop`,
    `linear_model`); a prefix does (`hw3_rmsprop.py`, `hw3-RMSprop.ipynb` -> `rmsprop`,
    the longest stem winning, so `mlp_scratch.py` is never `mlp`); copy marks that
    browsers, operating systems and students add are ignored (`rmsprop (1).py`,
    `rmsprop - Copy.py`, `rmsprop_final_v2.py`). Raises UnknownExercise.
    """
    name = Path(path).stem
    known = _known()
    if name in known:
        return name
    words = _words(name)
    while words:
        found = _stem_for_words(words, known)
        if found:
            return found
        if not _COPY_MARK.fullmatch(words[-1]):
            break
        words = words[:-1]
    raise UnknownExercise(
        f"cannot tell which exercise {Path(path).name!r} is: name it after a stem "
        f"(e.g. rmsprop.py or hw3_rmsprop.py) or pass --exercise STEM. "
        f"Exercises: {', '.join(known)}.")


# Words a copy of a file gets at the end of its name: "(1)", "Copy", "final", "v2", ...
_COPY_MARK = re.compile(r"\d+|v\d+|copy|final|late|new|updated|fixed|revised|draft|resubmit"
                        r"|resubmission|submission")


def _words(name: str) -> tuple[str, ...]:
    """`name` as lower-case words: split at anything but letters and digits, and where a
    lower-case letter or digit meets an upper-case one (`hw3RMSprop` -> hw3, rmsprop)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return tuple(word.lower() for word in re.split(r"[\W_]+", spaced) if word)


def _stem_for_words(words: tuple[str, ...], known: dict) -> str | None:
    """The longest stem that is all of `words` (separators ignored, so `LinearModel`
    is `linear_model`) or their last words (`hw3 rmsprop`)."""
    joined = "".join(words)
    matches = []
    for stem in known:
        stem_words = _words(stem)
        if joined == "".join(stem_words) or \
                (len(words) > len(stem_words) and words[-len(stem_words):] == stem_words):
            matches.append(stem)
    return max(matches, key=len) if matches else None
