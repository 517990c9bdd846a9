"""The student's commands: `list`, `submit`, `check` (and `check --watch`), `init`,
`progress` and `hint`."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import textwrap
from typing import Any

import click

from grader import catalog
from grader.cli import options
from grader.cli.input_errors import reported, user_path
from grader.errors import UserInputError
from grader.result import json_safe


def grade_and_print(file: str, stem: str | None, as_json: bool, public_only: bool,
                    report_path: str | None = None, force: bool = False,
                    deposit_to: tuple[str, str] | None = None) -> None:
    """Grade `file`, record it in its workspace's history, print the result (and write
    the report, make the deposit); exit code 1 for the grader's own failure."""
    from grader.engine import zygote

    exercise = catalog.get(stem or catalog.stem_for_file(file))
    zygote.shared(exercise.warm)  # warms up while this process imports torch

    from grader.judge import runner
    from grader.reports.report import text_report

    if report_path:
        options.check_report_target(report_path, force)
    content = _read_for_deposit(file) if deposit_to else None
    result = runner.grade(file, exercise.stem, public_only=public_only)
    _record_history(file, result)  # grader.student.history: never fails the grading
    if deposit_to:
        _deposit(file, deposit_to, result, content)
    click.echo(result.to_json() if as_json else text_report(result, color=None))
    if report_path:
        options.write_report(result, report_path, force)
    if result.status == "internal_error":
        sys.exit(1)


def _graded_file(function):
    """FILE and the options that `submit` and `check` share, in this order."""
    for option in reversed((
            click.argument("file", type=click.Path(dir_okay=False)),
            options.exercise_option,
            click.option("--json", "as_json", is_flag=True,
                         help="Print exactly the JSON result."),
            options.report_options, options.data_option)):
        function = option(function)
    return function


@click.command()
@_graded_file
@click.option("--to", "exchange", metavar="EXCHANGE", type=click.Path(file_okay=False),
              help="Also deposit FILE with a receipt (sha256, score, time) in this "
                   "collection folder, as `grade batch EXCHANGE` reads it; earlier "
                   "deposits are kept. Needs --student.")
@click.option("--student", metavar="ID",
              help="With --to: the student's folder name in EXCHANGE.")
def submit(file: str, stem: str | None, as_json: bool, report_path: str | None, force: bool,
           data_dir: str | None, exchange: str | None, student: str | None):
    """Grade FILE (.py or .ipynb) with the full suite, hidden tests included.

    Hidden tests show only their name, outcome and a hint. Exit code 0 whenever grading
    ran, whatever the score; 2 for a missing or unusable file or unknown exercise.
    With --to EXCHANGE --student ID the graded file is also deposited in EXCHANGE/ID/.
    """
    if (exchange is None) != (student is None):
        raise click.UsageError("--to and --student go together")
    deposit_to = None
    if exchange is not None and student is not None:
        from grader.classroom import exchange as collection

        student = collection.check_student(student)
        collection.check_folder(exchange, student)
        deposit_to = (exchange, student)
    options.use_data(data_dir)
    grade_and_print(file, stem, as_json, public_only=False, report_path=report_path,
                    force=force, deposit_to=deposit_to)


def _read_for_deposit(file: str) -> bytes | None:
    """FILE's bytes as graded (None when unreadable: grading then says why)."""
    try:
        with open(file, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _deposit(file: str, deposit_to: tuple[str, str], result, content: bytes | None) -> None:
    """`submit --to`: put the graded file and its receipt in the collection folder."""
    from grader.classroom import exchange as collection

    folder, student = deposit_to
    made = collection.deposit(file, folder, student, result, content=content)
    click.echo(f"deposited as {made.path} (receipt {made.receipt_path.name}, "
               f"sha256 {made.receipt['sha256'][:12]}, score {result.score:g}/"
               f"{result.max_score:g})", err=True)


def _record_history(file: str, result) -> None:
    """Append a graded file to its workspace's history; never fails the grading."""
    try:
        from grader.student import history

        history.record_result(file, result)
    except Exception:  # noqa: BLE001 (history.record_result already swallows its own)
        pass


@click.command()
@_graded_file
@click.option("--watch", is_flag=True,
              help="Check again every time FILE is saved (Ctrl+C stops).")
def check(file: str, stem: str | None, as_json: bool, report_path: str | None, force: bool,
          data_dir: str | None, watch: bool):
    """Self-check FILE with the public tests only: the fast path while learning."""
    options.use_data(data_dir)
    if watch:
        return _watch(file, stem, as_json, report_path, force)
    grade_and_print(file, stem, as_json, public_only=True, report_path=report_path,
                    force=force)


def _watch(file: str, stem: str | None, as_json: bool, report_path: str | None,
           force: bool) -> None:
    """`grade check FILE --watch`: check FILE now and after every save."""
    from grader.engine import zygote
    from grader.student import watch

    exercise = catalog.get(stem or catalog.stem_for_file(file))
    if not os.path.isfile(file):
        raise UserInputError(f"{file}: no such file")

    def check_once() -> None:
        with reported():  # the loop shows it and goes on (e.g. the file vanished mid-save)
            grade_and_print(file, exercise.stem, as_json, True, report_path, force)

    watch.watch(file, check_once, warm=lambda: zygote.shared(exercise.warm))


@click.command("init")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--notebooks", is_flag=True,
              help="Write Jupyter notebooks (.ipynb) instead of .py files.")
def init_command(directory: str, notebooks: bool):
    """Start a working folder DIR with one file to fill in per exercise.

    Existing files are never overwritten. DIR also gets a `.grade/` folder, where
    `grade check` and `grade submit` keep the history `grade progress` reads.
    """
    from grader.student import workspace

    with user_path(f"cannot set up {directory}"):
        outcome = workspace.init(directory, as_notebooks=notebooks)
    click.echo(f"{directory}: {len(outcome.created)} exercise file(s) created"
               + (f", {len(outcome.kept)} already there and kept" if outcome.kept else ""))
    if outcome.kept:
        click.echo(textwrap.fill("already there, not overwritten: "
                                 + ", ".join(path.name for path in outcome.kept),
                                 width=88, initial_indent="  ", subsequent_indent="    "))
    for stem in outcome.missing_stub:
        click.echo(f"  no stub for {stem}: skipped")
    click.echo(workspace.next_steps(outcome, notebooks))


@click.command("progress")
@click.argument("directory", metavar="[DIR]", default=".",
                type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def progress_command(directory: str, as_json: bool):
    """Where you stand on each exercise in DIR (default: here): not started, failing
    (with the score) or passed, and the mistakes the last grading named.

    Read from DIR's local history (`.grade/history.jsonl`), no server needed.
    """
    from grader.student import workspace

    folder, rows = workspace.progress(directory)
    if as_json:
        click.echo(json.dumps(json_safe([dataclasses.asdict(row) for row in rows]), indent=2,
                              allow_nan=False))
        return
    if not rows:
        click.echo(f"no exercise files in {directory}: `grade init {directory}` starts one")
        return
    click.echo(workspace.progress_table(rows))
    if folder is None:
        click.echo(f"\nno history in {directory} yet: checks are recorded in a folder made "
                   "by `grade init` (or any folder with a .grade/ folder in it)")


@click.command("hint")
@click.argument("stem")
@click.option("--dir", "directory", metavar="DIR", type=click.Path(file_okay=False),
              help="The workspace that counts your hints (default: the one you are in).")
def hint_command(stem: str, directory: str | None):
    """Show the next hint for exercise STEM: first a nudge, last the formula.

    Each call shows one more hint (counted in the workspace's history) until the last.
    """
    from grader.student import hints, history

    # a file name works too: `grade hint hw3_rmsprop.py`
    stem = catalog.get(catalog.stem_for_file(stem) if stem.endswith((".py", ".ipynb"))
                       else stem).stem
    folder = directory or history.workspace_of(".") or "."
    with user_path(f"cannot record the hint in {folder}"):
        if history.make_workspace(folder):
            click.echo(f"(counting hints in {os.path.join(folder, history.FOLDER)})", err=True)
        hint = hints.next_hint(folder, stem)
    click.echo(f"Hint {hint.level} of {hint.total} for {stem} ({hint.label}):")
    parts = hint.text.split(";  ")
    for part in parts:
        click.echo(textwrap.fill(part, width=88, initial_indent="  ",
                                 subsequent_indent="    " if len(parts) > 1 else "  "))
    if hint.repeated:
        click.echo("That was the last hint: there are no more for this exercise.")
    elif hint.level < hint.total:
        click.echo(f"`grade hint {stem}` again for the next one.")


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
def list_command(as_json: bool):
    """List the exercises: stem, concept, points, time limit, training budget per device
    and where each comes from (built-in, or a course folder or pack)."""
    rows: list[dict[str, Any]] = [
        {"stem": e.stem, "concept": e.concept, "points": e.points,
         "time_limit_s": e.time_limit_s, "training_budget_s": dict(e.budgets_s),
         "names": list(e.names), "origin": e.origin}
        for e in catalog.exercises()]
    if as_json:
        click.echo(json.dumps(json_safe(rows), indent=2, allow_nan=False))
        return
    click.echo(f"{'stem':<20} {'concept':<38} {'points':>6} {'limit':>6}  "
               f"{'training budget':<18} origin")
    for row in rows:
        budget = " / ".join(f"{device} {seconds:.0f}s"
                            for device, seconds in row["training_budget_s"].items())
        click.echo(f"{row['stem']:<20} {row['concept']:<38} {row['points']:>6} "
                   f"{row['time_limit_s']:>5.0f}s  {budget or '-':<18} {row['origin']}")


COMMANDS = (list_command, submit, check, init_command, progress_command, hint_command)
