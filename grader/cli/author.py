"""The author's commands: `validate` (prove exercises sound) and `new` (scaffold one)."""

from __future__ import annotations

import json
import os
import sys

import click

from grader import catalog
from grader.result import json_safe


@click.command("validate")
@click.argument("stems", nargs=-1, metavar="[STEM]...")
@click.option("--skip-training", is_flag=True,
              help="Do not train: for training exercises run only the static checks and "
                   "the stub.")
@click.option("--static", "static_only", is_flag=True,
              help="Only the checks that grade nothing: interface, markers, mutant "
                   "declarations.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def validate_command(stems: tuple[str, ...], skip_training: bool, static_only: bool,
                     as_json: bool):
    """Prove exercises sound (default: all of them) and print one row per exercise.

    The reference gets full marks with no label; the stub gets 0 as not_implemented;
    every mutant loses points and is named as exactly itself; the suite's inputs tell
    every pair of mutants apart; stub and solution have the same names and signatures;
    every test has points and public/hidden, and the points add up; grading twice gives
    the same result; the reference is graded in half the time limit. Exit code 1 when
    any check falls short (the reasons follow the table), 2 for an unknown exercise.
    """
    from grader.authoring import validate
    from grader.authoring.validate import table
    from grader.engine import zygote

    chosen = [catalog.get(stem).stem for stem in stems]
    if not static_only:
        zygote.shared("full")  # warms up while the first checks run
    width = max([20] + [len(e.stem) + 1 for e in catalog.exercises()])
    if not as_json:
        click.echo(table.table_header(width))
    reports = validate.validate(
        chosen or None, static_only=static_only, skip_training=skip_training,
        on_row=None if as_json else lambda row: click.echo(table.table_row(row, width)))
    if as_json:
        click.echo(json.dumps(json_safe([report.to_dict() for report in reports]), indent=2,
                              allow_nan=False))
    else:
        _print_verdict(reports)
    if not all(report.ok for report in reports):
        sys.exit(1)


def _print_verdict(reports: list) -> None:
    """After the table: what was skipped, why each failing row failed, and the count."""
    from grader.authoring.validate import table

    skipped = sorted({reason for report in reports for check in report.checks
                      if check.ok is None for reason in check.reasons})
    if skipped:
        click.echo("skipped: " + "; ".join(skipped))
    reasons = table.reasons_text(reports)
    if reasons:
        click.echo(f"\n{reasons}")
    failed = sum(not report.ok for report in reports)
    click.echo(f"\n{failed} of {len(reports)} exercises fell short" if failed else
               f"\nall {len(reports)} exercises passed every check")


@click.command("new")
@click.argument("stem")
@click.option("--course", "directory", metavar="DIR", type=click.Path(file_okay=False),
              help="The course folder to write into (default: the one given to "
                   "`grade --course`, else the current folder).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def new_command(stem: str, directory: str | None, force: bool):
    """Scaffold exercise STEM: stub, solution, suite and mutants from templates.

    The four files are a small working example (`grade validate` passes on them as
    written): replace the example with your exercise, keeping the layout.
    """
    from grader.authoring import scaffold

    if directory is None:
        named = [entry for entry in os.environ.get("TORCHGRADE_COURSE", "").split(os.pathsep)
                 if entry]
        directory = named[-1] if named else "."
    written = scaffold.scaffold(stem, directory, force=force)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: fill them in, then `grade --course {directory} validate {stem}`")




COMMANDS = (validate_command, new_command)
