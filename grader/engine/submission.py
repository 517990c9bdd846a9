"""Reading a submission file (.py or .ipynb) into Python source, in the trusted process.

Nothing here runs student code: files are decoded as Python decodes them (PEP 263
coding declarations, UTF-8 BOM), notebooks are reduced to their code cells with
nbformat (IPython magics, shell lines and the grader's own `check(...)` cells
skipped: grader.engine.grader_calls), and the source is only compiled to
find syntax errors. Running it is the worker's job.
"""

from __future__ import annotations

import hashlib
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from grader.engine.grader_calls import without_grader_calls
from grader.errors import UserInputError

SUFFIXES = (".py", ".ipynb")
MAX_FILE_BYTES = 5 * 1024 * 1024
_MAGIC_LINE = re.compile(r"^\s*([%!]|\w+\s*=\s*[%!])")
_KEPT_CELL_MAGICS = ("%%time", "%%timeit", "%%capture")


class SubmissionInputError(UserInputError):
    """The file cannot be graded at all: missing, unreadable, wrong kind (exit code 2)."""


@dataclass
class Source:
    """A submission as Python source, with where each line came from.

    `problem` is set when the file cannot be decoded or parsed: the syntax error with
    its line and a caret, for the `syntax_error` status.
    """

    path: Path
    text: str
    sha256: str
    kind: str
    problem: str = ""
    cell_of_line: list[tuple[int, int]] = field(default_factory=list)

    def where(self, line: int) -> str:
        """Describe source line `line` (1-based) as the student knows it."""
        if self.kind == "ipynb" and 0 < line <= len(self.cell_of_line):
            cell, cell_line = self.cell_of_line[line - 1]
            return f"cell {cell}, line {cell_line}"
        return f"line {line}"


def read(path: str | Path) -> Source:
    """Read and decode a submission; raise SubmissionInputError for unusable input."""
    path = Path(path)
    if path.suffix not in SUFFIXES:
        raise SubmissionInputError(
            f"{path.name}: not a .py file or .ipynb notebook")
    if not path.is_file():
        raise SubmissionInputError(f"{path}: no such file")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SubmissionInputError(
                f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; is it really a submission?")
        raw = path.read_bytes()
    except OSError as error:
        raise SubmissionInputError(f"{path}: cannot be read ({error.strerror})") from error
    digest = hashlib.sha256(raw).hexdigest()
    if path.suffix == ".ipynb":
        return _notebook_source(path, raw, digest)
    return _python_source(path, raw, digest)


def _python_source(path: Path, raw: bytes, digest: str) -> Source:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        text = raw.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        problem = f"the file cannot be decoded as Python source: {error}"
        return Source(path, "", digest, "py", problem=problem)
    text = text.removeprefix("\ufeff")
    source = Source(path, text, digest, "py")
    source.problem = _syntax_problem(source)
    return source


def _notebook_source(path: Path, raw: bytes, digest: str) -> Source:
    import nbformat

    try:
        notebook = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception as error:  # nbformat raises several kinds for broken JSON
        problem = f"the notebook cannot be read: {type(error).__name__}: {error}"
        return Source(path, "", digest, "ipynb", problem=problem)
    lines: list[str] = []
    origins: list[tuple[int, int]] = []
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    cells = without_grader_calls([_python_lines(cell.source) for cell in code_cells])
    for number, cell_lines in enumerate(cells, start=1):
        for cell_line, line in enumerate(cell_lines, start=1):
            lines.append(line)
            origins.append((number, cell_line))
    source = Source(path, "\n".join(lines) + "\n", digest, "ipynb", cell_of_line=origins)
    source.problem = _syntax_problem(source)
    return source


def _python_lines(cell_source: str) -> list[str]:
    """The lines of one code cell with IPython-only syntax replaced by `pass`.

    Line numbers are kept, so errors point at the right line of the cell. A cell magic
    other than %%time/%%timeit/%%capture (e.g. %%bash) makes the whole cell non-Python.
    """
    lines = cell_source.splitlines()
    if lines and lines[0].startswith("%%"):
        if not lines[0].startswith(_KEPT_CELL_MAGICS):
            return ["pass"] * len(lines)
        lines = ["pass"] + lines[1:]
    return [_replace_magic(line) for line in lines]


def _replace_magic(line: str) -> str:
    if not _MAGIC_LINE.match(line):
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return f"{indent}pass"


def _syntax_problem(source: Source) -> str:
    """Compile without running; return '' or the error with its line and a caret."""
    try:
        compile(source.text, source.path.name, "exec", dont_inherit=True)
    except SyntaxError as error:
        return _describe_syntax_error(source, error)
    except (ValueError, RecursionError, MemoryError) as error:
        return f"the file cannot be compiled: {type(error).__name__}: {error}"
    return ""


def _describe_syntax_error(source: Source, error: SyntaxError) -> str:
    line_number = error.lineno or 0
    where = source.where(line_number)
    text = (error.text or "").rstrip("\n")
    message = f"{type(error).__name__} at {where}: {error.msg}"
    if text:
        offset = max((error.offset or 1) - 1, 0)
        stripped = text.lstrip()
        offset = max(offset - (len(text) - len(stripped)), 0)
        message += f"\n    {stripped}\n    {' ' * offset}^"
    return message
