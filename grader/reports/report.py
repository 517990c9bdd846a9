"""Feedback reports: one SubmissionResult as HTML, Markdown or terminal text, and files.

Renderers only read the result: report_view.build_view turns it into display-ready
strings and the templates in grader/reports/templates/ only loop and show/hide.
Escaping is per format: HTML autoescape, Markdown a `finalize` hook (grader.reports.
markdown), and for every format control characters from the submission are made
visible instead of being obeyed (display.clean). A report file is written atomically
and never over a file that is not a previous report.

    render(result, "html" | "md" | "text")     the report as a string
    text_report(result, color=None)            what `grade submit`/`grade check` print
    html_fragment(result)                      the HTML report fitted to a notebook cell
    write_report(result, path, force=False)    atomically, never over a user's file
    load_result(path)                          a saved `grade submit --json` result
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any

import jinja2

from grader.errors import UserInputError
from grader.reports import files, markdown, saved_result
from grader.reports.fragment import FRAGMENT_CLASS, fit_to_cell
from grader.reports.pages import MARKER, TEMPLATES
from grader.reports.report_view import build_view
from grader.result import SubmissionResult, restore_numbers

FORMATS = ("html", "md", "text")
_SUFFIXES = {"html": "html", "md": "md", "text": "txt"}
_ANSI = {"good": "\x1b[32m", "bad": "\x1b[31m", "warn": "\x1b[33m", "info": "\x1b[36m",
         "accent": "\x1b[35m", "bold": "\x1b[1m", "reset": "\x1b[0m"}


class ReportError(UserInputError):
    """A report cannot be written or a result cannot be loaded; the message is one line."""


# ----------------------------------------------------------------------------- rendering

def render(result: SubmissionResult, fmt: str) -> str:
    """The report for `result` in `fmt` ("html", "md" or "text"; text is uncoloured)."""
    return _render(result, fmt)


def text_report(result: SubmissionResult, color: bool | None = None) -> str:
    """The readable summary of `grade submit`/`grade check`: score, mistakes, tests.

    color=None colours only when stdout is a terminal and NO_COLOR is not set."""
    return _render(result, "text", color=_use_color(color)).rstrip("\n")


def html_fragment(result: SubmissionResult) -> str:
    """The HTML report fitted to a notebook cell (grader.reports.fragment): no
    <html>, <head> or <body>, its CSS scoped to it and its ids unique."""
    return fit_to_cell(_render(result, "html", fragment=FRAGMENT_CLASS))


def _render(result: SubmissionResult, fmt: str, color: bool = False,
            signed: bool = False, fragment: str = "") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    template = _environment(fmt).get_template(f"report.{_SUFFIXES[fmt]}.j2")
    ansi = {name: (code if color else "") for name, code in _ANSI.items()}
    return template.render(view=build_view(result), ansi=ansi, signed=signed,
                           fragment=fragment)


@functools.cache
def _environment(fmt: str) -> jinja2.Environment:
    options: dict[str, Any] = dict(loader=jinja2.FileSystemLoader(TEMPLATES),
                                   undefined=jinja2.StrictUndefined, trim_blocks=True,
                                   lstrip_blocks=True, keep_trailing_newline=True)
    if fmt == "html":
        return jinja2.Environment(autoescape=True, **options)
    if fmt == "md":
        env = jinja2.Environment(autoescape=False, finalize=markdown.md_finalize, **options)
        env.filters.update(markdown.FILTERS)
        return env
    return jinja2.Environment(autoescape=False, **options)


def _use_color(color: bool | None) -> bool:
    if color is not None:
        return color
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


# ----------------------------------------------------------------------------- files

def format_for(path: str | Path) -> str:
    """The format a report file gets from its suffix: .html/.htm, .md, else text."""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    return "md" if suffix in (".md", ".markdown") else "text"


def check_target(path: str | Path, force: bool = False) -> Path:
    """Raise ReportError unless a report may be written at `path`: its folder exists,
    and it is new, a previous TorchGrade report, or `force` is set."""
    path = Path(path)
    if path.is_dir():
        raise ReportError(f"{path} is a folder; give a file name such as {path / 'report.html'}")
    if not path.parent.is_dir():
        raise ReportError(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.exists() and not force and not is_report(path):
        raise ReportError(f"{path} exists and is not a TorchGrade report; refusing to "
                          "overwrite it (use --force, or force=True in Python, to replace it)")
    return path


def is_report(path: str | Path) -> bool:
    """Whether the file at `path` is a previous report: HTML and Markdown reports open
    with a `<!-- torchgrade-report: ...` comment (after the doctype), text reports end
    with a `-- torchgrade-report` line. A file that merely mentions the word is not one."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - 4096))
            tail = handle.read()
    except OSError:
        return False
    opening = f"<!-- {MARKER}:".encode()
    return any(line.startswith(opening) for line in head.splitlines()[:2]) \
        or tail.rstrip().endswith(f"\n-- {MARKER}".encode())


def write_report(result: SubmissionResult, path: str | Path, force: bool = False,
                 fmt: str | None = None) -> Path:
    """Write the report for `result` to `path` (format from the suffix unless `fmt`),
    atomically: a temporary file in the same folder, then os.replace. Never overwrites
    a file that is not a previous report unless `force`; raises ReportError."""
    path = check_target(path, force)
    text = _render(result, fmt or format_for(path), signed=True)
    try:
        files.write_atomic(path, text)
    except OSError as error:
        raise ReportError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def load_result(path: str | Path) -> SubmissionResult:
    """Load a result saved by `grade submit --json` ("-" reads stdin); ReportError
    with a one-line reason for a missing file, non-JSON or something not a result."""
    try:
        text = sys.stdin.read() if str(path) == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: not a JSON result (not UTF-8 text)") from None
    except OSError as error:
        raise ReportError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(f"{path}: not JSON ({error.msg} at line {error.lineno}, "
                          f"column {error.colno})") from None
    data = restore_numbers(data)  # "NaN", "Infinity": how results write non-finite numbers
    problem = saved_result.problem(data)
    if problem:
        raise ReportError(f"{path}: not a TorchGrade result ({problem})")
    try:
        return SubmissionResult.from_dict(data)
    except (TypeError, ValueError) as error:
        raise ReportError(f"{path}: not a TorchGrade result ({error})") from None
