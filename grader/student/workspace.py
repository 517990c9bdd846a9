"""A student's working folder: `grade init` fills it, `grade progress` reads it.

`init` copies every exercise stub into the folder (or writes a notebook made from
it, grader.student.notebooks) and marks the folder as a workspace (`.grade/`, where
grader.student.history keeps its record). It never writes over an existing file.

`progress` joins the files in the folder with the history: for each exercise, is it
not started, failing (with its score) or passed, and which mistakes did its last
grading name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from grader import catalog
from grader.result import Status
from grader.student import history, notebooks

SUFFIXES = (".py", ".ipynb")


@dataclass
class InitOutcome:
    """What `init` did: the files it created and the existing ones it left alone."""

    folder: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    missing_stub: list[str] = field(default_factory=list)  # exercises without a stub


def init(folder: str | Path, as_notebooks: bool = False) -> InitOutcome:
    """Put one file per exercise into `folder` (created if needed); keep existing ones."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    history.make_workspace(folder)
    outcome = InitOutcome(folder)
    suffix = ".ipynb" if as_notebooks else ".py"
    for exercise in catalog.exercises():
        stub = stub_path(exercise.stem)
        if stub is None:
            outcome.missing_stub.append(exercise.stem)
            continue
        target = folder / f"{exercise.stem}{suffix}"
        try:
            _create(target, stub, exercise.stem, as_notebooks)
        except FileExistsError:
            outcome.kept.append(target)
            continue
        outcome.created.append(target)
    return outcome


def stub_path(stem: str) -> Path | None:
    """The stub students start from (a course's when it ships one, else the built-in)."""
    return catalog.files(stem).stub


def _create(target: Path, stub: Path, stem: str, as_notebook: bool) -> None:
    """Write `target` from `stub`; FileExistsError (and nothing written) if it exists."""
    if as_notebook:
        source = stub.read_text(encoding="utf-8")
        notebooks.write(notebooks.from_source(source, stem, target.name), target)
    else:
        with open(target, "xb") as handle:
            handle.write(stub.read_bytes())


def next_steps(outcome: InitOutcome, as_notebooks: bool) -> str:
    """What to do now, as printed by `grade init`."""
    first = next(iter(outcome.created or outcome.kept), None)
    name = first.name if first is not None else "linear_model.py"
    stem = Path(name).stem
    steps = [(f"grade check {name}", "public tests: fast feedback"),
             (f"grade check {name} --watch", "check again on every save (Ctrl+C stops)"),
             (f"grade hint {stem}", "stuck? one more hint each time"),
             (f"grade submit {name}", "the full suite, hidden tests included"),
             ("grade progress", "where you stand on every exercise")]
    if as_notebooks:
        steps.insert(0, ("jupyter lab", f"open {name}: its last cell checks what you ran"))
    width = max(len(command) for command, _ in steps)
    lines = ["", "Next:", f"  cd {outcome.folder}"]
    lines += [f"  {command:<{width}}   # {why}" for command, why in steps]
    return "\n".join(lines)


# ---- progress ------------------------------------------------------------------------

@dataclass
class ProgressRow:
    """One exercise's line of `grade progress`."""

    exercise: str
    file: str  # the file in the folder ("" when there is none)
    state: str  # "not started" | "failing" | "passed"
    score: float | None = None
    max_score: float | None = None
    mode: str = ""  # what the last grading ran: "check" (public tests) or "submit"
    status: str = ""  # the last grading's status (graded, syntax_error, ...)
    when: str = ""
    misconceptions: list[str] = field(default_factory=list)
    hints: int = 0
    changed: bool = False  # the file changed since its last grading


def progress(folder: str | Path) -> tuple[Path | None, list[ProgressRow]]:
    """The workspace holding `folder` (None if it has none) and one row per exercise
    that has a file in the folder or a record in the history, in catalog order."""
    folder = Path(folder)
    workspace = history.workspace_of(folder)
    records = history.read(workspace) if workspace else []
    files = _exercise_files(folder)
    rows = []
    for exercise in catalog.exercises():
        stem = exercise.stem
        graded = [r for r in records if r["exercise"] == stem and r.get("kind") != "hint"]
        hints = [r for r in records if r["exercise"] == stem and r.get("kind") == "hint"]
        if stem not in files and not graded:
            continue
        row = ProgressRow(stem, files.get(stem, ""), "not started",
                          hints=max((r.get("level", 0) for r in hints), default=0))
        if graded and workspace is not None:  # records come only from a workspace
            _fill(row, graded[-1], workspace)
        rows.append(row)
    return workspace, rows


def _fill(row: ProgressRow, last: dict, workspace: Path) -> None:
    row.file = row.file or last.get("file", "")
    row.mode, row.status = last.get("kind", ""), last.get("status", "")
    row.when = last.get("at", "")
    row.score, row.max_score = last.get("score"), last.get("max_score")
    row.misconceptions = list(last.get("misconceptions", []))
    if last.get("passed"):
        row.state = "passed"
    elif row.status != Status.NOT_IMPLEMENTED:
        row.state = "failing"
    graded_file = workspace / last.get("file", "")
    row.changed = graded_file.is_file() and _sha256(graded_file) != last.get("sha256")


def _exercise_files(folder: Path) -> dict[str, str]:
    """stem -> file name for the submission files in `folder` (`rmsprop.py`,
    `hw3_rmsprop.ipynb`, ...); the most recently modified wins."""
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        try:
            stem = catalog.stem_for_file(path)
        except catalog.UnknownExercise:
            continue
        if stem not in found or path.stat().st_mtime > found[stem].stat().st_mtime:
            found[stem] = path
    return {stem: path.name for stem, path in found.items()}


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def progress_table(rows: list[ProgressRow]) -> str:
    """The rows as a plain-text table, with a summary line."""
    header = ("exercise", "file", "status", "last run", "hints", "latest named mistakes")
    lines = [[row.exercise, row.file or "-", _state_text(row), _last_run(row),
              str(row.hints) if row.hints else "", "; ".join(row.misconceptions)]
             for row in rows]
    widths = [max(len(str(cells[i])) for cells in [header, *lines]) for i in range(5)]
    out = ["  ".join(f"{cell:<{width}}" for cell, width in zip(cells, widths)) + f"  {cells[5]}"
           for cells in [header, *lines]]
    out = [line.rstrip() for line in out]
    counts = {state: sum(row.state == state for row in rows)
              for state in ("passed", "failing", "not started")}
    out.append("")
    out.append(", ".join(f"{count} {state}" for state, count in counts.items()))
    if any(row.changed for row in rows):
        out.append("* changed since it was last graded")
    return "\n".join(out)


def _state_text(row: ProgressRow) -> str:
    mark = "*" if row.changed else ""
    if row.state == "failing":
        if row.status == Status.GRADED:
            return f"failing ({_number(row.score)}/{_number(row.max_score)}){mark}"
        return f"failing ({Status.label_of(row.status)}){mark}"
    if row.state == "passed" and row.mode == "check":
        return f"passed (public tests){mark}"
    return row.state + mark


def _last_run(row: ProgressRow) -> str:
    if not row.mode:
        return ""
    return f"{row.mode} {_local_time(row.when)}".strip()


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


def _local_time(stamp: str) -> str:
    import datetime

    try:
        moment = datetime.datetime.fromisoformat(stamp).astimezone()
    except (TypeError, ValueError):
        return ""
    return moment.strftime("%Y-%m-%d %H:%M")
