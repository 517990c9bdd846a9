"""`grade demo [OUT]`: grade the small class bundled with the package.

The class (grader/classroom/demo_class/<student>/<file>) has ten students over three exercises
(rmsprop, adam, linear_model): correct and buggy rules, notebooks, a file named
`hw3_rmsprop.py`, a syntax error, a submission that exits at import, one that calls
os._exit in the middle of grading, and a stray notes.txt. It is graded through
grader.classroom.batch.run, exactly as `grade batch` grades a class.

OUT (default ./torchgrade-demo) must be new, empty, or an earlier demo's output (it then
resumes like any batch): a folder with anything else in it is never written to.
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.package import __version__
from grader.classroom import batch
from grader.classroom.options import STATE
from grader.errors import UserInputError
from grader.reports import files

CLASS = Path(__file__).resolve().parent / "demo_class"
DEFAULT_OUT = "torchgrade-demo"
MARKER = "demo.json"  # in OUT/.torchgrade (STATE): what makes OUT a demo output
STEMS = ("rmsprop", "adam", "linear_model")


class DemoError(UserInputError):
    """OUT cannot take the demo: a one-line message (exit code 2)."""


def students() -> list[str]:
    """The bundled class's student folders."""
    return sorted(path.name for path in CLASS.iterdir()
                  if path.is_dir() and not path.name.startswith(("_", ".")))


def check_out(out: Path) -> None:
    """DemoError unless `out` is new, an empty folder, or an earlier demo's output."""
    if not out.exists():
        return
    if not out.is_dir():
        raise DemoError(f"{out} exists and is a file; choose another folder for the demo")
    if (out / STATE / MARKER).is_file() or not any(out.iterdir()):
        return
    raise DemoError(f"{out} exists and is not an earlier `grade demo` output; nothing was "
                    "written: choose a new folder (grade demo OUT)")


def run(out: str | Path = DEFAULT_OUT, workers: int = 2,
        progress: bool | None = None) -> batch.BatchOutcome:
    """Grade the bundled class into `out`; DemoError if `out` is not ours to write."""
    out = Path(out)
    check_out(out)
    try:
        (out / STATE).mkdir(parents=True, exist_ok=True)
        files.write_atomic(out / STATE / MARKER, json.dumps(
            {"torchgrade": __version__, "what": "grade demo output"}).encode())
    except OSError as error:
        raise DemoError(f"cannot write to {out}: {error.strerror or error}") from None
    options = batch.BatchOptions(submissions=CLASS, out=out, workers=workers,
                                 progress=progress)
    try:
        return batch.run(options)
    except batch.BatchInputError as error:
        raise DemoError(str(error)) from None
