"""Gradescope's own autograder: a zip that grades each submission with TorchGrade.

    build_zip(stems, target, ...) -> Path    behind `grade gradescope-zip`
    run(root) -> dict                        what the zip's run_autograder runs

The zip follows Gradescope's autograder specification: at its root `setup.sh` (run once
as root when Gradescope builds the image, with network: bubblewrap, the CPU torch wheel
and TorchGrade) and `run_autograder` (run for every submission, in /autograder: grades
the file in /autograder/submission with `grade submit --json` and writes
/autograder/results/results.json through grader.reports.gradescope_results), with
CONFIG (the exercises and the hidden tests' visibility) beside them, and the course
folders in use (`grade --course DIR`) under courses/. Hidden tests are
never `visible`: `after_published` by default, or `hidden`/`after_due_date`; the
autograder's stdout (the text report, hidden tests' names included) is for the
instructor only (`stdout_visibility: hidden`).

Whatever happens, run_autograder writes a results.json: a missing file, an unusable
one or a grader failure is a 0 with the reason, never an empty Gradescope page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from grader import catalog
from grader.package import __version__
from grader.catalog import course
from grader.errors import UserInputError
from grader.reports.gradescope_results import gradescope_json
from grader.reports.files import write_atomic
from grader.result import SubmissionResult, internal_error_message, json_safe

CONFIG = "torchgrade-autograder.json"
ROOT_VARIABLE = "AUTOGRADER_ROOT"  # where submission/, source/ and results/ are
PYTHON_VARIABLE = "TORCHGRADE_PYTHON"  # the Python run_autograder grades with
VENV = "/opt/torchgrade"  # setup.sh's virtual environment
HIDDEN_VISIBILITIES = ("after_published", "hidden", "after_due_date")
SUFFIXES = (".py", ".ipynb")
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
GRACE_S = 120.0  # beyond an exercise's own limit, before `grade submit` is stopped

SETUP_SH = """\
#!/usr/bin/env bash
# Written by `grade gradescope-zip` (TorchGrade {version}): Gradescope runs this once,
# as root and with network, when it builds the autograder image (Ubuntu).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
# bubblewrap: the sandbox student code runs in (grader.engine.sandbox).
apt-get install -y --no-install-recommends bubblewrap python3 python3-pip python3-venv
# A virtual environment of its own: newer Ubuntu images refuse pip on the system Python.
python3 -m venv {venv}
{venv}/bin/python -m pip install --no-cache-dir --index-url {torch_index} torch
{venv}/bin/python -m pip install --no-cache-dir {package}
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Written by `grade gradescope-zip` (TorchGrade {version}): Gradescope runs this for
# every submission. It grades the file in submission/ with `grade submit` and writes
# results/results.json; ${root_variable} (default /autograder) says where they are.
# ${python_variable} (default: setup.sh's virtual environment) is the Python with TorchGrade.
root="${{{root_variable}:-/autograder}}"
python="${{{python_variable}:-{venv}/bin/python}}"
mkdir -p "$root/results"
exec "$python" -m grader.reports.gradescope "$root"
"""


class GradescopeError(UserInputError):
    """An unusable request for a zip: a one-line message (exit code 2)."""


# ----------------------------------------------------------------------------- the zip

def build_zip(stems: list[str], target: Path, hidden_visibility: str = "after_published",
              package: str | None = None) -> Path:
    """Write the autograder zip for `stems` to `target`. `package` is what setup.sh
    installs with pip (default: torchgrade of this version); a wheel or sdist file is
    put in the zip and installed from there."""
    if hidden_visibility not in HIDDEN_VISIBILITIES:
        raise GradescopeError(f"hidden tests' visibility must be one of "
                              f"{', '.join(HIDDEN_VISIBILITIES)}, not {hidden_visibility!r}")
    chosen = [catalog.get(stem).stem for stem in stems]  # raises UnknownExercise
    bundled, requirement = _package(package)
    courses = _course_files()
    config = {"torchgrade": __version__, "exercises": chosen,
              "hidden_visibility": hidden_visibility,
              "courses": sorted({"/".join(name.split("/")[:2]) for name in courses})}
    files: dict[str, tuple[bytes, int]] = {
        "setup.sh": (SETUP_SH.format(version=__version__, torch_index=TORCH_CPU_INDEX,
                                     package=requirement, venv=VENV).encode(), 0o755),
        "run_autograder": (RUN_AUTOGRADER.format(
            version=__version__, root_variable=ROOT_VARIABLE, python_variable=PYTHON_VARIABLE,
            venv=VENV).encode(), 0o755),
        CONFIG: (json.dumps(config, indent=2).encode(), 0o644)}
    if bundled is not None:
        files[bundled.name] = (bundled.read_bytes(), 0o644)
    files.update((name, (content, 0o644)) for name, content in courses.items())
    _write_zip(target, files)
    return target


def _package(package: str | None) -> tuple[Path | None, str]:
    """(a file to bundle or None, what `pip install` gets in setup.sh)."""
    if package is None:
        return None, f"torchgrade=={__version__}"
    path = Path(package)
    if path.is_file():
        if not path.name.endswith((".whl", ".tar.gz", ".zip")):
            raise GradescopeError(f"{package}: a package file is a .whl, .tar.gz or .zip")
        return path, f"/autograder/source/{_quoted(path.name)}"
    if not package.strip() or any(char in package for char in "\n'\"`$;&|<>\\"):
        raise GradescopeError(f"{package!r}: not a pip requirement (a name, version or URL)")
    return None, _quoted(package)


def _course_files() -> dict[str, bytes]:
    """The course folders in use (`grade --course`, $TORCHGRADE_COURSE) as
    `courses/<n>/<kind>/<file>` and `courses/<n>/course.toml`: the autograder layers
    them as here. (Installed course packs are not bundled: install them in setup.sh
    with --package.)"""
    found = {}
    folders = [entry for entry in os.environ.get(course.ENV_VAR, "").split(os.pathsep)
               if entry.strip()]
    for number, folder in enumerate(folders, start=1):
        root = Path(folder).expanduser().resolve()
        if (root / "course.toml").is_file():
            found[f"courses/{number}/course.toml"] = (root / "course.toml").read_bytes()
        for kind in course.KINDS:
            for path in sorted((root / kind).rglob("*")) if (root / kind).is_dir() else []:
                if path.is_file() and "__pycache__" not in path.parts:
                    found[f"courses/{number}/{path.relative_to(root).as_posix()}"] = \
                        path.read_bytes()
    return found


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "") + "'"


def _write_zip(target: Path, files: dict[str, tuple[bytes, int]]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, (content, mode) in files.items():
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.external_attr = (0o100000 | mode) << 16  # a regular file, its mode
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


# ----------------------------------------------------------------------------- grading

def run(root: Path) -> dict[str, Any]:
    """Grade the submission in `root`/submission for the exercises in
    `root`/source/CONFIG, write `root`/results/results.json and return it."""
    try:
        results = _grade_all(root)
    except Exception as error:  # noqa: BLE001 (a verdict is written whatever happens)
        results = {"score": 0.0, "stdout_visibility": "hidden", "tests": [],
                   "output": internal_error_message(error)}
    target = root / "results" / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, json.dumps(json_safe(results), indent=2, allow_nan=False))
    return results


def _grade_all(root: Path) -> dict[str, Any]:
    config = json.loads((root / "source" / CONFIG).read_text(encoding="utf-8"))
    stems, visibility = list(config["exercises"]), str(config["hidden_visibility"])
    folders = [str(root / "source" / name) for name in config.get("courses", [])]
    os.environ[course.ENV_VAR] = os.pathsep.join(folders)  # for us and `grade submit`
    if visibility not in HIDDEN_VISIBILITIES:
        visibility = "after_published"
    files = submitted_files(root / "submission")
    parts = [_grade_one(stem, pick(files, stem, len(stems) == 1), visibility)
             for stem in stems]
    tests = [dict(test, name=f"{stem}: {test['name']}") if len(stems) > 1 else test
             for stem, part in zip(stems, parts) for test in part["tests"]]
    return {"score": round(sum(part["score"] for part in parts), 4),
            "execution_time": round(sum(part.get("execution_time", 0.0) for part in parts), 1),
            "output": "\n\n".join(f"{stem}: {part['output']}" if len(stems) > 1
                                  else part["output"] for stem, part in zip(stems, parts)),
            "stdout_visibility": "hidden", "tests": tests}


def submitted_files(folder: Path) -> list[Path]:
    """The .py and .ipynb files under `folder`: regular files only (a link could name a
    file that is not the student's), hidden folders and __MACOSX left out."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") or part == "__MACOSX" for part in parts):
            continue
        if path.suffix.lower() in SUFFIXES and path.is_file() and not _linked(path, folder):
            found.append(path)
    return found


def _linked(path: Path, folder: Path) -> bool:
    """True when `path` or a folder on the way to it is a symbolic link."""
    current = path
    while current != folder:
        if current.is_symlink():
            return True
        current = current.parent
    return False


def pick(files: list[Path], stem: str, only_exercise: bool) -> Path | None:
    """The file graded for `stem`: one named after it (`hw3_rmsprop.py`), .py before
    .ipynb, then the name that sorts last; with only one exercise and no such name, the
    only file there is."""
    named = [path for path in files if _stem_of(path) == stem]
    if not named and only_exercise and len(files) == 1:
        named = files
    if not named:
        return None
    return sorted(named, key=lambda path: (path.suffix.lower() == ".py", str(path)))[-1]


def _stem_of(path: Path) -> str | None:
    try:
        return catalog.stem_for_file(path.name)
    except catalog.UnknownExercise:
        return None


def _grade_one(stem: str, file: Path | None, visibility: str) -> dict[str, Any]:
    """One exercise's part of results.json, from `grade submit FILE --json`."""
    points = float(catalog.get(stem).points)
    if file is None:
        return _zero(stem, points, f"no submission file for {stem}: upload one named "
                                   f"after it, e.g. {stem}.py or {stem}.ipynb")
    command = [sys.executable, "-m", "grader.cli", "submit", str(file), "-e", stem, "--json"]
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=catalog.get(stem).time_limit_s + GRACE_S)
    except subprocess.TimeoutExpired:
        return _zero(stem, points, f"grading {file.name} did not finish in time")
    print(done.stderr, file=sys.stderr, end="")
    try:
        result = SubmissionResult.from_dict(json.loads(done.stdout))
    except (ValueError, KeyError, TypeError):
        message = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        return _zero(stem, points, f"{file.name} was not graded: {message[0]}")
    print(f"{stem}: {file.name} scored {result.score:g}/{result.max_score:g} ({result.status})")
    return gradescope_json(result, hidden_visibility=visibility)


def _zero(stem: str, points: float, reason: str) -> dict[str, Any]:
    """A 0 out of the exercise's points, with the reason shown to the student."""
    print(f"{stem}: {reason}")
    return {"score": 0.0, "output": reason, "tests": [
        {"name": f"{stem} submission", "score": 0.0, "max_score": points,
         "status": "failed", "output": reason, "visibility": "visible"}]}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: python -m grader.reports.gradescope AUTOGRADER_ROOT (or ${ROOT_VARIABLE})")
    run(Path(sys.argv[1]))
