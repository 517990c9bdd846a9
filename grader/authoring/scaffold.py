"""`grade new STEM`: the four files of a new exercise, from templates.

The templates (grader/authoring/templates/) make a small working exercise, a function
`STEM(x) = x * x`: a stub with a docstring skeleton, the reference, a suite with one
public and one hidden test using the `check` fixture and the markers, and a mutants
module with a commented example. As written they pass `grade validate`; the author
replaces the example, keeping the layout. A `[exercises.STEM]` table is added to the
course's course.toml (points and concept).
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

import jinja2

from grader.errors import UserInputError

TEMPLATES = Path(__file__).resolve().parent / "templates"
FILES = (("exercises", "exercise.py.j2"), ("solutions", "solution.py.j2"),
         ("suites", "suite.py.j2"), ("mutants", "mutants.py.j2"))
_STEM = re.compile(r"[a-z][a-z0-9_]*")


class ScaffoldError(UserInputError, ValueError):
    """A stem or folder `grade new` cannot use (the message says why)."""


def scaffold(stem: str, directory: str | Path, force: bool = False) -> list[Path]:
    """Write the four files of exercise `stem` into course folder `directory`."""
    root = Path(directory)
    _check(stem, root)
    targets = [root / kind / f"{stem}.py" for kind, _ in FILES]
    existing = [str(path) for path in targets if path.exists()]
    if existing and not force:
        raise ScaffoldError(f"{', '.join(existing)} already exist(s); pass --force to "
                            f"overwrite")
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                     keep_trailing_newline=True,
                                     undefined=jinja2.StrictUndefined, autoescape=False)
    for (kind, template), target in zip(FILES, targets):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(environment.get_template(template).render(stem=stem),
                          encoding="utf-8")
    toml = _add_settings(root / "course.toml", stem)
    return targets + ([toml] if toml else [])


def _check(stem: str, root: Path) -> None:
    if not _STEM.fullmatch(stem) or keyword.iskeyword(stem):
        raise ScaffoldError(f"{stem!r} cannot be a stem: use lower-case letters, digits and "
                            f"underscores, starting with a letter (it names files and a "
                            f"Python function)")
    if root.exists() and not root.is_dir():
        raise ScaffoldError(f"{root} is not a folder")
    if (root / "grader").is_dir() and (root / "pyproject.toml").is_file():
        raise ScaffoldError(f"{root} is TorchGrade's own source tree: pass --course DIR "
                            f"to write into a course folder of your own")


def _add_settings(toml: Path, stem: str) -> Path | None:
    """Append `[exercises.<stem>]` to course.toml unless it has one."""
    text = toml.read_text(encoding="utf-8") if toml.is_file() else ""
    if f"[exercises.{stem}]" in text:
        return None
    block = (f"[exercises.{stem}]\n"
             f"concept = \"TODO: one line for `grade list`\"\n"
             f"points = 10  # the suite's points must add up to this\n"
             f"# time_limit_s = 30.0   # the whole grading of one submission\n"
             f"# call_limit_s = 5.0    # each call into student code\n")
    toml.write_text(text + ("\n" if text and not text.endswith("\n\n") else "") + block,
                    encoding="utf-8")
    return toml
