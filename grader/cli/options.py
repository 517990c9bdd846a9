"""Options and steps that several commands share: the exercise, the image data, and
writing a feedback report."""

from __future__ import annotations

import os

import click

from grader.cli.input_errors import user_path


def exercise_option(function):
    """`--exercise/-e STEM`: the exercise, when the file name does not say it."""
    return click.option("--exercise", "-e", "stem", metavar="STEM",
                        help="The exercise (default: inferred from the file name, "
                             "e.g. hw3_rmsprop.py -> rmsprop).")(function)


def data_option(function):
    """`--data DIR`: MNIST files for the training suites (see `use_data`)."""
    return click.option("--data", "data_dir", metavar="DIR", envvar="TORCHGRADE_DATA",
                        type=click.Path(exists=True, file_okay=False),
                        help="A folder with the four MNIST IDX files (gzipped or not) for "
                             "the mlp/cnn exercises, instead of the bundled 8x8 digits "
                             "(also: $TORCHGRADE_DATA).")(function)


def use_data(data_dir: str | None) -> None:
    """Name the image data for the training suites (they read $TORCHGRADE_DATA)."""
    if data_dir:
        os.environ["TORCHGRADE_DATA"] = os.path.abspath(data_dir)


def report_options(function):
    """`--report PATH` and its `--force`: also write a feedback report."""
    function = click.option("--force", is_flag=True,
                            help="Overwrite the report file even if it is not a previous "
                                 "TorchGrade report.")(function)
    return click.option("--report", "report_path", metavar="PATH",
                        type=click.Path(),
                        help="Also write a feedback report to PATH: HTML for .html, "
                             "Markdown for .md, plain text otherwise.")(function)


def check_report_target(path: str, force: bool) -> None:
    """Fail now, before any grading, if the report cannot be written to `path`."""
    from grader.reports import report

    with user_path():
        report.check_target(path, force)


def write_report(result, path: str, force: bool, fmt: str | None = None) -> None:
    """Write `result`'s feedback report to `path` and say where it went (on stderr)."""
    from grader.reports import report

    with user_path():
        written = report.write_report(result, path, force=force, fmt=fmt)
    click.echo(f"report written to {written}", err=True)
