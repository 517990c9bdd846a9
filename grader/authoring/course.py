"""Courses: exercises an instructor adds to the built-in catalog, or changes in it.

A course is a folder laid out like the package's own exercises, one stem per exercise:

    DIR/exercises/<stem>.py   the stub students fill in
    DIR/solutions/<stem>.py   the reference solution
    DIR/suites/<stem>.py      the graded pytest suite
    DIR/mutants/<stem>.py     its named mistakes (optional: no file, no mutants)
    DIR/course.toml           optional: [exercises.<stem>] concept, names, points, limits,
                              forbid (a forbidden-API group), forbid_in (its functions)

Where courses come from, in order (a later one overrides an earlier one, and every
course overrides the built-ins): installed course packs (the Python entry point group
`torchgrade.courses`, each naming a folder, a package whose folder is the course, or a
function returning a folder), then the folders in TORCHGRADE_COURSE (separated by
`os.pathsep`; `grade --course DIR` sets it). Overriding works file by file: a course
that ships only `suites/rmsprop.py` grades the built-in rmsprop with its own suite;
the files it does not ship stay the built-in ones.

The trust boundary is the same as for the built-ins: a course's solutions, suites and
mutants are loaded only in the grading process, and the sandbox hides their folders
from the workers (grader.engine.sandbox).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import importlib
import importlib.metadata
import importlib.util
import os
import sys
import tomllib
import types
from dataclasses import dataclass
from pathlib import Path

from grader import PACKAGE_DIR
from grader.errors import UserInputError
from grader.judge import forbidden_static
from grader.catalog import Exercise

ENV_VAR = "TORCHGRADE_COURSE"
ENTRY_POINT_GROUP = "torchgrade.courses"
BUILT_IN = "built-in"
KINDS = ("exercises", "solutions", "suites", "mutants")
SECRET_KINDS = ("solutions", "suites", "mutants")
SETTINGS: dict[str, type | tuple[type, ...]] = {
    "concept": str, "names": list, "points": int, "time_limit_s": (int, float),
    "call_limit_s": (int, float), "warm": str, "forbid": str, "forbid_in": list}
_GRADER = PACKAGE_DIR


class CourseError(UserInputError, ValueError):
    """A course folder, pack or course.toml that cannot be used; says which and why."""


@dataclass(frozen=True)
class Course:
    """One source of exercises: the built-ins, a course folder or an installed pack."""

    origin: str  # "built-in", "course DIR", "pack NAME (DIR)"
    dirs: tuple[tuple[str, Path], ...]  # (kind, folder) for each of KINDS
    settings: tuple[tuple[str, tuple], ...] = ()  # (stem, ((key, value), ...))

    def folder(self, kind: str) -> Path:
        return dict(self.dirs)[kind]

    def file(self, kind: str, stem: str) -> Path | None:
        path = self.folder(kind) / f"{stem}.py"
        return path if path.is_file() else None

    def stems(self) -> list[str]:
        """Stems this course ships any file for (sorted)."""
        found = set()
        for kind in KINDS:
            folder = self.folder(kind)
            if folder.is_dir():
                found |= {path.stem for path in folder.glob("*.py")
                          if path.stem.isidentifier() and not path.stem.startswith("_")}
        return sorted(found)

    def settings_of(self, stem: str) -> dict:
        return dict(dict(self.settings).get(stem, ()))

    @property
    def built_in(self) -> bool:
        return self.origin == BUILT_IN


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

    def missing(self) -> list[str]:
        """The required files (stub, solution, suite) this exercise lacks."""
        return [kind for kind, path in (("exercises", self.stub), ("solutions", self.solution),
                                        ("suites", self.suite)) if path is None]


# ---- which courses are active ------------------------------------------------------

def builtin() -> Course:
    """The package's own exercises as a course."""
    return Course(BUILT_IN, (("exercises", _package_dir("grader.exercises")),
                             ("solutions", _package_dir("grader.solutions")),
                             ("suites", _GRADER / "suites"), ("mutants", _GRADER / "mutants")))


@functools.lru_cache(maxsize=None)
def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations  # our own packages
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def active() -> list[Course]:
    """The courses layered over the built-ins, lowest precedence first."""
    return [*packs(), *(folder_course(entry) for entry in _env_folders())]


def _env_folders() -> list[str]:
    return [entry for entry in os.environ.get(ENV_VAR, "").split(os.pathsep) if entry.strip()]


def folder_course(directory: str | Path, origin: str | None = None) -> Course:
    """The course in `directory`; CourseError if it is not one."""
    path = Path(directory).expanduser().resolve()
    if not path.is_dir():
        raise CourseError(f"course folder {directory} does not exist (from --course or "
                          f"{ENV_VAR})")
    if not any((path / kind).is_dir() for kind in KINDS):
        raise CourseError(f"{directory} is not a course folder: it has none of "
                          f"{', '.join(kind + '/' for kind in KINDS)}")
    toml = path / "course.toml"
    stamp = toml.stat().st_mtime_ns if toml.is_file() else 0
    return _folder_course(str(path), origin or f"course {path}", stamp)


@functools.lru_cache(maxsize=64)
def _folder_course(path: str, origin: str, toml_stamp: int) -> Course:
    root = Path(path)
    return Course(origin, tuple((kind, root / kind) for kind in KINDS),
                  _read_settings(root / "course.toml") if toml_stamp else ())


def _read_settings(toml: Path) -> tuple:
    """[exercises.<stem>] tables of course.toml, checked key by key."""
    try:
        data = tomllib.loads(toml.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{toml}: {error}") from None
    tables = data.get("exercises", {})
    if not isinstance(tables, dict):
        raise CourseError(f"{toml}: `exercises` must be a table of [exercises.<stem>] tables")
    settings = []
    for stem, table in sorted(tables.items()):
        if not isinstance(table, dict):
            raise CourseError(f"{toml}: [exercises.{stem}] must be a table")
        for key, value in table.items():
            if key not in SETTINGS:
                raise CourseError(f"{toml}: [exercises.{stem}] has unknown key {key!r}; "
                                  f"known: {', '.join(SETTINGS)}")
            if not isinstance(value, SETTINGS[key]) or isinstance(value, bool):
                raise CourseError(f"{toml}: [exercises.{stem}] {key} = {value!r} has the "
                                  f"wrong type")
        if table.get("forbid", "") not in ("", *forbidden_static.RULES):
            raise CourseError(f"{toml}: [exercises.{stem}] forbid = {table['forbid']!r} is not "
                              f"a forbidden-API group; known: {', '.join(forbidden_static.RULES)}")
        settings.append((stem, tuple((key, tuple(value) if isinstance(value, list) else value)
                                     for key, value in table.items())))
    return tuple(settings)


@functools.lru_cache(maxsize=1)
def packs() -> tuple[Course, ...]:
    """Installed course packs (entry point group `torchgrade.courses`)."""
    found = []
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            found.append(folder_course(_pack_root(entry.load()),
                                       f"pack {entry.name}"))
        except Exception as error:  # a broken pack must not break the built-ins
            print(f"torchgrade: course pack {entry.name!r} ({entry.value}) skipped: {error}",
                  file=sys.stderr)
    return tuple(found)


def _pack_root(target) -> Path:
    if callable(target) and not isinstance(target, types.ModuleType):
        target = target()
    if isinstance(target, types.ModuleType):
        if target.__file__ is None:
            raise ValueError(f"module {target.__name__} has no file")
        return Path(target.__file__).resolve().parent
    return Path(target)


# ---- the layered catalog -------------------------------------------------------------

def merged(builtins: dict[str, Exercise]) -> dict[str, Exercise]:
    """The built-in exercises (stem -> Exercise) with the active courses layered on."""
    courses = active()
    if not courses:
        return builtins
    known = dict(builtins)
    for course in courses:
        for stem in course.stems():
            known[stem] = _exercise(course, stem, known.get(stem))
    return known


def _exercise(course: Course, stem: str, base: Exercise | None) -> Exercise:
    settings = course.settings_of(stem)
    for key in ("names", "forbid_in"):
        if key in settings:
            settings[key] = tuple(settings[key])
    origin = course.origin + (" (overrides built-in)" if base and base.origin == BUILT_IN
                              else "")
    if base is None:
        stub = course.file("exercises", stem) or course.file("solutions", stem)
        base = Exercise(stem, _first_docstring_line(stub) or stem,
                        tuple(public_names(stub)) if stub else (), 10)
    try:
        return dataclasses.replace(base, origin=origin, **settings)
    except TypeError as error:
        raise CourseError(f"{course.origin}: [exercises.{stem}]: {error}") from None


def public_names(path: Path) -> list[str]:
    """Top-level functions and classes a file defines, without the `_private` ones."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.name for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and not node.name.startswith("_")]


def _first_docstring_line(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except SyntaxError:
        return ""
    line = docstring.strip().split("\n")[0].strip()
    return line.split(": ", 1)[-1].rstrip(".") if line.startswith("Exercise") else line


# ---- the files and modules of one exercise -------------------------------------------

def files(stem: str) -> ExerciseFiles:
    """Where each file of `stem` comes from: the last course that ships it, else the
    built-ins."""
    chosen: dict[str, tuple[Path | None, bool]] = {}
    origin = BUILT_IN
    base = builtin()
    for kind in KINDS:
        path = base.file(kind, stem)
        chosen[kind] = (path, path is not None)
    for course in active():
        if stem not in course.stems():
            continue
        origin = course.origin
        for kind in KINDS:
            path = course.file(kind, stem)
            if path is not None:
                chosen[kind] = (path, False)
    return ExerciseFiles(stem, origin, stub=chosen["exercises"][0],
                         solution=chosen["solutions"][0], suite=chosen["suites"][0],
                         mutants=chosen["mutants"][0],
                         built_in={kind: chosen[kind][1] for kind in KINDS})


def reference(stem: str) -> types.ModuleType:
    """The trusted reference solution of `stem`."""
    return _module(stem, "solutions", "grader.solutions")


def stub(stem: str) -> types.ModuleType:
    """The stub of `stem`, imported in this (trusted) process: for static checks only."""
    return _module(stem, "exercises", "grader.exercises")


def suite_path(stem: str) -> Path:
    """The pytest suite of `stem`."""
    path = files(stem).suite
    if path is None:
        raise CourseError(f"exercise {stem!r} has no suite (suites/{stem}.py)")
    return path


def mutants(stem: str) -> list:
    """The Mutants declared for `stem` (none without a mutants module)."""
    found = files(stem)
    if found.mutants is None:
        return []
    if found.built_in["mutants"]:
        return list(importlib.import_module(f"grader.mutants.{stem}").MUTANTS)
    return list(getattr(load_file(found.mutants, "mutants", stem), "MUTANTS", []))


def _module(stem: str, kind: str, package: str) -> types.ModuleType:
    found = files(stem)
    path = {"solutions": found.solution, "exercises": found.stub}[kind]
    if path is None:
        raise CourseError(f"exercise {stem!r} has no {kind}/{stem}.py")
    if found.built_in[kind]:
        return importlib.import_module(f"{package}.{stem}")
    return load_file(path, kind, stem)


def load_file(path: Path, kind: str, stem: str) -> types.ModuleType:
    """Execute a course file as a module of its own (loaded again when it changed)."""
    status = path.stat()
    return _load(str(path.resolve()), kind, stem, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=256)
def _load(path: str, kind: str, stem: str, mtime_ns: int, size: int) -> types.ModuleType:
    digest = hashlib.sha256(f"{path}:{mtime_ns}:{size}".encode()).hexdigest()[:10]
    name = f"torchgrade_course_{digest}_{kind}_{stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None  # `path` is a .py file
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look their module up here
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def secret_dirs() -> list[str]:
    """The solutions, suites and mutants folders of the active courses: the sandbox
    hides them from workers like the built-in ones."""
    found = []
    for course in active():
        found += [str(course.folder(kind).resolve()) for kind in SECRET_KINDS
                  if course.folder(kind).is_dir()]
    return found
