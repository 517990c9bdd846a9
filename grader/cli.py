"""The `grade` command: a thin click layer over plain functions.

Exit codes: 0 when the command did its job (whatever the score), 2 for usage and input
errors (unknown command or exercise, missing or unusable file), 1 for an internal error.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import sys

import click

from grader import __version__, catalog

EXIT_USAGE = 2


class _Group(click.Group):
    """A command group whose unknown-command error lists close matches."""

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.5)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            ctx.fail(f"no such command {name!r}.{hint} Commands: "
                     f"{', '.join(self.list_commands(ctx))}.")
        return super().resolve_command(ctx, args)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grade")
def main():
    """Grade PyTorch exercises: self-check while learning, or grade a whole class.

    \b
    Students:     grade list                      the exercises
                  grade check exercises/rmsprop.py    public tests only, fast
                  grade submit exercises/rmsprop.py   the full graded suite
    """


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
def list_command(as_json: bool):
    """List the exercises: stem, concept, points and time limit."""
    rows = [{"stem": e.stem, "concept": e.concept, "points": e.points,
             "time_limit_s": e.time_limit_s, "names": list(e.names)} for e in catalog.CATALOG]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'stem':<20} {'concept':<45} {'points':>6} {'limit':>7}")
    for row in rows:
        click.echo(f"{row['stem']:<20} {row['concept']:<45} {row['points']:>6} "
                   f"{row['time_limit_s']:>6.0f}s")


def _exercise_option(function):
    return click.option("--exercise", "-e", "stem", metavar="STEM",
                        help="The exercise (default: inferred from the file name, "
                             "e.g. hw3_rmsprop.py -> rmsprop).")(function)


def _data_option(function):
    return click.option("--data", "data_dir", metavar="DIR", envvar="TORCHGRADE_DATA",
                        type=click.Path(exists=True, file_okay=False),
                        help="A folder with the four MNIST IDX files (gzipped or not) for "
                             "the mlp/cnn exercises, instead of the bundled 8x8 digits "
                             "(also: $TORCHGRADE_DATA).")(function)


def _use_data(data_dir: str | None) -> None:
    """Name the image data for the training suites (they read $TORCHGRADE_DATA)."""
    import os

    if data_dir:
        os.environ["TORCHGRADE_DATA"] = os.path.abspath(data_dir)


def _grade_and_print(file: str, stem: str | None, as_json: bool, public_only: bool,
                     report_path: str | None = None, force: bool = False):
    from grader import zygote

    try:
        exercise = catalog.get(stem or catalog.stem_for_file(file))
    except catalog.UnknownExercise as error:
        raise click.UsageError(str(error)) from None
    zygote.shared(exercise.warm)  # warms up while this process imports torch

    from grader import report, runner
    from grader.report import text_report
    from grader.submission import SubmissionInputError

    if report_path:
        with _report_errors():  # a bad report path fails before grading, not after
            report.check_target(report_path, force)
    try:
        result = runner.grade(file, exercise.stem, public_only=public_only)
    except (SubmissionInputError, catalog.UnknownExercise) as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        click.echo(result.to_json())
    else:
        click.echo(text_report(result, color=None))
    if report_path:
        _write_report(result, report_path, force)
    if result.status == "internal_error":
        sys.exit(1)


def _report_options(function):
    function = click.option("--force", is_flag=True,
                            help="Overwrite the report file even if it is not a previous "
                                 "TorchGrade report.")(function)
    return click.option("--report", "report_path", metavar="PATH",
                        type=click.Path(),
                        help="Also write a feedback report to PATH: HTML for .html, "
                             "Markdown for .md, plain text otherwise.")(function)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_exercise_option
@click.option("--json", "as_json", is_flag=True, help="Print exactly the JSON result.")
@_report_options
@_data_option
def submit(file: str, stem: str | None, as_json: bool, report_path: str | None, force: bool,
           data_dir: str | None):
    """Grade FILE (.py or .ipynb) with the full suite, hidden tests included.

    Hidden tests show only their name, outcome and a hint. Exit code 0 whenever grading
    ran, whatever the score; 2 for a missing or unusable file or unknown exercise.
    """
    _use_data(data_dir)
    _grade_and_print(file, stem, as_json, public_only=False, report_path=report_path,
                     force=force)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_exercise_option
@click.option("--json", "as_json", is_flag=True, help="Print exactly the JSON result.")
@_report_options
@_data_option
def check(file: str, stem: str | None, as_json: bool, report_path: str | None, force: bool,
          data_dir: str | None):
    """Self-check FILE with the public tests only: the fast path while learning."""
    _use_data(data_dir)
    _grade_and_print(file, stem, as_json, public_only=True, report_path=report_path,
                     force=force)


class _InputError(click.ClickException):
    """A bad input or output file: a one-line message and exit code 2."""

    exit_code = EXIT_USAGE


@contextlib.contextmanager
def _report_errors():
    """Turn a report's input/output errors into one-line messages with exit code 2."""
    from grader.report import ReportError

    try:
        yield
    except (ReportError, OSError) as error:
        raise _InputError(str(error)) from None


def _write_report(result, path: str, force: bool, fmt: str | None = None) -> None:
    from grader import report

    with _report_errors():
        written = report.write_report(result, path, force=force, fmt=fmt)
    click.echo(f"report written to {written}", err=True)


@main.command("report")
@click.argument("result_file", metavar="RESULT.json",
                type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["html", "md", "text"]),
              help="The report format (default: from the -o suffix; text on stdout).")
@click.option("-o", "--output", metavar="PATH", type=click.Path(),
              help="Write the report to PATH instead of stdout.")
@click.option("--force", is_flag=True,
              help="Overwrite PATH even if it is not a previous TorchGrade report.")
def report_command(result_file: str, fmt: str | None, output: str | None, force: bool):
    """Re-render a saved result: `grade submit FILE --json > r.json` makes one.

    \b
    grade report r.json                     the terminal summary
    grade report r.json --format md         Markdown for an LMS comment box
    grade report r.json -o feedback.html    a self-contained HTML page
    """
    from grader import report

    with _report_errors():
        result = report.load_result(result_file)
    if output:
        _write_report(result, output, force, fmt)
    elif fmt in (None, "text"):
        click.echo(report.text_report(result))
    else:
        click.echo(report.render(result, fmt), nl=False)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON.")
def doctor(as_json: bool):
    """Print what this machine gives the grader: sandbox mode, worker limits, GPU,
    versions. Students' results record the same sandbox mode."""
    from grader import doctor as checkup

    facts = checkup.facts()
    if as_json:
        click.echo(json.dumps({fact.name: {"value": fact.value, "ok": fact.ok}
                               for fact in facts}, indent=2))
        return
    width = max(len(fact.name) for fact in facts)
    for fact in facts:
        mark = "ok  " if fact.ok else "warn"
        click.echo(f"{mark} {fact.name:<{width}}  {fact.value}")


if __name__ == "__main__":
    main()
