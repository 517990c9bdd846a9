"""Courses: where exercises come from, each source described by one course folder.

A course is a folder laid out like the package's own exercises, one stem per exercise:

    DIR/exercises/<stem>.py   the stub students fill in
    DIR/solutions/<stem>.py   the reference solution
    DIR/suites/<stem>.py      the graded pytest suite
    DIR/mutants/<stem>.py     its named mistakes (optional: no file, no mutants)
    DIR/course.toml           optional: [exercises.<stem>] concept, names, points, limits,
                              training, warm, budgets_s, forbid (a forbidden-API group),
                              forbid_in (its functions)

The built-in exercises are a course too: the installed package folder, whose
`course.toml` describes them and is read by the same code (`builtin()`).

Where courses come from, in order (a later one overrides an earlier one, and every
course overrides the built-ins): installed course packs (the Python entry point group
`torchgrade.courses`, each naming a folder, a package whose folder is the course, or a
function returning a folder), then the folders in TORCHGRADE_COURSE (separated by
`os.pathsep`; `grade --course DIR` sets it). grader.catalog layers them into the one
catalog of exercises and their files; this module reads one course at a time.

The trust boundary is the same as for the built-ins: a course's solutions, suites and
mutants are loaded only in the grading process, and the sandbox hides their folders
from the workers (grader.engine.sandbox).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import sys
import tomllib
import types
from dataclasses import dataclass
from pathlib import Path

from grader.package import PACKAGE_DIR
from grader.errors import UserInputError
from grader.catalog.forbidden_groups import RULES

ENV_VAR = "TORCHGRADE_COURSE"
ENTRY_POINT_GROUP = "torchgrade.courses"
BUILT_IN = "built-in"
KINDS = ("exercises", "solutions", "suites", "mutants")
SECRET_KINDS = ("solutions", "suites", "mutants")
# The keys of an [exercises.<stem>] table and their TOML types (fields of catalog.Exercise).
SETTINGS: dict[str, type | tuple[type, ...]] = {
    "concept": str, "names": list, "points": int, "time_limit_s": (int, float),
    "call_limit_s": (int, float), "training": bool, "warm": str, "budgets_s": dict,
    "forbid": str, "forbid_in": list}
_GRADER = PACKAGE_DIR


class CourseError(UserInputError, ValueError):
    """A course folder, pack or course.toml that cannot be used; says which and why."""


@dataclass(frozen=True)
class Course:
    """One source of exercises: the built-ins, a course folder or an installed pack."""

    origin: str  # "built-in", "course DIR", "pack NAME (DIR)"
    dirs: tuple[tuple[str, Path], ...]  # (kind, folder) for each of KINDS
    settings: tuple[tuple[str, tuple], ...] = ()  # (stem, ((key, value), ...)), TOML order

    def folder(self, kind: str) -> Path:
        return dict(self.dirs)[kind]

    def file(self, kind: str, stem: str) -> Path | None:
        path = self.folder(kind) / f"{stem}.py"
        return path if path.is_file() else None

    def ships(self, stem: str) -> bool:
        """Whether this course has any file of `stem`."""
        return any(self.file(kind, stem) is not None for kind in KINDS)

    def stems(self) -> list[str]:
        """Stems this course ships any file for: those course.toml describes in its
        order, then the others sorted."""
        found = set()
        for kind in KINDS:
            folder = self.folder(kind)
            if folder.is_dir():
                found |= {path.stem for path in folder.glob("*.py")
                          if path.stem.isidentifier() and not path.stem.startswith("_")}
        described = [stem for stem, _ in self.settings if stem in found]
        return described + sorted(found - set(described))

    def settings_of(self, stem: str) -> dict:
        """The keys course.toml sets for `stem`, as Exercise field values."""
        return dict(dict(self.settings).get(stem, ()))

    def described_by_files(self, stem: str) -> tuple[str, tuple[str, ...]]:
        """The concept and names of a `stem` course.toml does not describe: the stub's
        (else the solution's) first docstring line and public names."""
        path = self.file("exercises", stem) or self.file("solutions", stem)
        if path is None:
            return stem, ()
        return _first_docstring_line(path) or stem, tuple(public_names(path))

    @property
    def built_in(self) -> bool:
        return self.origin == BUILT_IN


# ---- which courses there are ---------------------------------------------------------

@functools.lru_cache(maxsize=1)
def builtin() -> Course:
    """The package's own exercises as a course, described by grader/course.toml."""
    return Course(BUILT_IN, (("exercises", _package_dir("grader.exercises")),
                             ("solutions", _package_dir("grader.solutions")),
                             ("suites", _GRADER / "suites"), ("mutants", _GRADER / "mutants")),
                  _read_settings(_GRADER / "course.toml"))


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


def secret_dirs() -> list[str]:
    """The solutions, suites and mutants folders of the active courses: the sandbox
    hides them from workers like the built-in ones."""
    found = []
    for course in active():
        found += [str(course.folder(kind).resolve()) for kind in SECRET_KINDS
                  if course.folder(kind).is_dir()]
    return found


# ---- course.toml ---------------------------------------------------------------------

def _read_settings(toml: Path) -> tuple:
    """The [exercises.<stem>] tables of course.toml in their order, checked key by key."""
    try:
        data = tomllib.loads(toml.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{toml}: {error}") from None
    tables = data.get("exercises", {})
    if not isinstance(tables, dict):
        raise CourseError(f"{toml}: `exercises` must be a table of [exercises.<stem>] tables")
    return tuple((stem, _table(toml, stem, table)) for stem, table in tables.items())


def _table(toml: Path, stem: str, table) -> tuple:
    """One [exercises.<stem>] table as ((key, value), ...), lists and tables as tuples."""
    where = f"{toml}: [exercises.{stem}]"
    if not isinstance(table, dict):
        raise CourseError(f"{where} must be a table")
    for key, value in table.items():
        if key not in SETTINGS:
            raise CourseError(f"{where} has unknown key {key!r}; known: {', '.join(SETTINGS)}")
        if not _typed(value, SETTINGS[key]) or (key == "budgets_s" and not all(
                isinstance(device, str) and _typed(seconds, (int, float))
                for device, seconds in value.items())):
            raise CourseError(f"{where} {key} = {value!r} has the wrong type")
    if table.get("forbid", "") not in ("", *RULES):
        raise CourseError(f"{where} forbid = {table['forbid']!r} is not a forbidden-API "
                          f"group; known: {', '.join(RULES)}")
    return tuple((key, _frozen(value)) for key, value in table.items())


def _typed(value, kind: type | tuple[type, ...]) -> bool:
    """isinstance, except that a TOML boolean is no number (bool subclasses int)."""
    return isinstance(value, kind) and (kind is bool or not isinstance(value, bool))


def _frozen(value):
    if isinstance(value, dict):
        return tuple(value.items())  # budgets_s: ((device, seconds), ...)
    return tuple(value) if isinstance(value, list) else value


# ---- reading a course's files --------------------------------------------------------

def public_names(path: Path) -> list[str]:
    """Top-level functions and classes a file defines, without the `_private` ones."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.name for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and not node.name.startswith("_")]


def _first_docstring_line(path: Path) -> str:
    try:
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except SyntaxError:
        return ""
    line = docstring.strip().split("\n")[0].strip()
    return line.split(": ", 1)[-1].rstrip(".") if line.startswith("Exercise") else line


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
