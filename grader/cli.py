"""The `grade` command: a thin click layer over plain functions.

Exit codes: 0 when the command did its job (whatever the score), 2 for usage and input
errors (unknown command or exercise, missing or unusable file), 1 for an internal error.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import sys
from typing import Any

import click

from grader import __version__, catalog
from grader.result import json_safe

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
@click.option("--course", "courses", metavar="DIR", multiple=True,
              type=click.Path(exists=True, file_okay=False),
              help="A course folder (exercises/, solutions/, suites/, mutants/) whose "
                   "exercises join or override the built-in ones; repeatable, later ones "
                   "win (also: $TORCHGRADE_COURSE, separated by the path separator).")
def main(courses: tuple[str, ...]):
    """Grade PyTorch exercises: self-check while learning, or grade a whole class.

    \b
    Students:     grade list                      the exercises
                  grade check exercises/rmsprop.py    public tests only, fast
                  grade submit exercises/rmsprop.py   the full graded suite
    Instructors:  grade batch SUBMISSIONS -o OUT   a whole class into a gradebook
                grade doctor                    what this machine's sandbox gives
                  grade gradescope-zip STEM       an autograder for Gradescope
  Authors:      grade new STEM --course DIR     scaffold a new exercise
                  grade --course DIR validate     prove every exercise sound
    """
    _use_courses(courses)


@main.command("list")
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
                     report_path: str | None = None, force: bool = False,
                     deposit_to: tuple[str, str] | None = None):
    from grader.engine import zygote

    try:
        exercise = catalog.get(stem or catalog.stem_for_file(file))
    except catalog.UnknownExercise as error:
        raise click.UsageError(str(error)) from None
    zygote.shared(exercise.warm)  # warms up while this process imports torch

    from grader.judge import runner
    from grader.reports import report
    from grader.reports.report import text_report
    from grader.engine.submission import SubmissionInputError

    if report_path:
        with _report_errors():  # a bad report path fails before grading, not after
            report.check_target(report_path, force)
    content = _read_for_deposit(file) if deposit_to else None
    try:
        result = runner.grade(file, exercise.stem, public_only=public_only)
    except (SubmissionInputError, catalog.UnknownExercise) as error:
        raise click.UsageError(str(error)) from None
    _record_history(file, result)  # grader.student.history: never fails the grading
    if deposit_to:
        _deposit(file, deposit_to, result, content)
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
    if exchange is not None and student is not None:
        from grader.classroom import exchange as collection

        try:
            student = collection.check_student(student)
        except collection.ExchangeError as error:
            raise click.UsageError(str(error)) from None
        try:
            collection.check_folder(exchange, student)
        except collection.ExchangeError as error:
            raise _InputError(str(error)) from None
    _use_data(data_dir)
    _grade_and_print(file, stem, as_json, public_only=False, report_path=report_path,
                     force=force, deposit_to=(exchange, student) if exchange and student else None)


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
    try:
        made = collection.deposit(file, folder, student, result, content=content)
    except collection.ExchangeError as error:
        raise _InputError(str(error)) from None
    click.echo(f"deposited as {made.path} (receipt {made.receipt_path.name}, "
               f"sha256 {made.receipt['sha256'][:12]}, score {result.score:g}/"
               f"{result.max_score:g})", err=True)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_exercise_option
@click.option("--json", "as_json", is_flag=True, help="Print exactly the JSON result.")
@_report_options
@_data_option
@click.option("--watch", is_flag=True,
              help="Check again every time FILE is saved (Ctrl+C stops).")
def check(file: str, stem: str | None, as_json: bool, report_path: str | None, force: bool,
          data_dir: str | None, watch: bool):
    """Self-check FILE with the public tests only: the fast path while learning."""
    _use_data(data_dir)
    if watch:
        return _watch(file, stem, as_json, report_path, force)
    _grade_and_print(file, stem, as_json, public_only=True, report_path=report_path,
                     force=force)


class _InputError(click.ClickException):
    """A bad input or output file: a one-line message and exit code 2."""

    exit_code = EXIT_USAGE


@contextlib.contextmanager
def _report_errors():
    """Turn a report's input/output errors into one-line messages with exit code 2."""
    from grader.reports.report import ReportError

    try:
        yield
    except (ReportError, OSError) as error:
        raise _InputError(str(error)) from None


def _write_report(result, path: str, force: bool, fmt: str | None = None) -> None:
    from grader.reports import report

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
    from grader.reports import report

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
    from grader.engine import doctor as checkup

    facts = checkup.facts()
    if as_json:
        click.echo(json.dumps(json_safe({fact.name: {"value": fact.value, "ok": fact.ok}
                                         for fact in facts}), indent=2, allow_nan=False))
        return
    width = max(len(fact.name) for fact in facts)
    for fact in facts:
        mark = "ok  " if fact.ok else "warn"
        click.echo(f"{mark} {fact.name:<{width}}  {fact.value}")


@main.command("batch")
@click.argument("submissions", type=click.Path())
@click.option("-o", "--out", required=True, type=click.Path(), metavar="OUT",
              help="The output folder (new, empty, or an earlier batch's: it resumes).")
@click.option("--workers", "-j", type=click.IntRange(min=1), metavar="N",
              help="Grading processes in parallel (default: the CPU count).")
@click.option("--exercise", "-e", "stems", metavar="STEM", multiple=True,
              help="Grade only this exercise (repeatable). With exactly one, a .py or "
                   ".ipynb named after no exercise is graded as STEM.")
@click.option("--gradescope", is_flag=True,
              help="Also write a Gradescope results.json per submission.")
@click.option("--student", metavar="ID",
              help="Grade this student's submissions again even if unchanged (folder "
                   "name, name or LMS id).")
@click.option("--regrade", is_flag=True,
              help="Grade everything again (or --student's) and show whose scores would "
                   "change, replacing nothing.")
@click.option("--apply", "apply_", is_flag=True,
              help="With --regrade: replace the results; the previous gradebook is kept.")
@click.option("--dask", metavar="ADDRESS",
              help="Grade on Dask distributed: a scheduler's address (tcp://host:8786), "
                   "or `local` for a LocalCluster of --workers processes here (default "
                   "2). Needs pip install torchgrade[dask].")
@click.option("--format", "gradebook_format", type=click.Choice(["plain", "canvas", "moodle"]),
              default="plain", show_default=True,
              help="gradebook.csv as Canvas's Gradebook import or Moodle's grading "
                   "worksheet upload takes it, or plain (a column per exercise, Total).")
@click.option("--roster", metavar="EXPORT.csv", type=click.Path(dir_okay=False),
              help="With --format canvas: the course's Gradebook export, for each "
                   "student's name, SIS ids and section (a download has only lastfirst).")
@click.option("--late-penalty", metavar="PERCENT",
              help="Take PERCENT off a late submission's score: flat (20%) or per day "
                   "late (10%/day, needs --due). Default: lateness is only recorded.")
@click.option("--due", metavar="DATETIME",
              help="When the work was due (2026-12-01T23:59, local time): a file newer "
                   "than that is late, besides those Canvas marked late.")
@click.option("--similarity", is_flag=True,
              help="Also list the most similar pairs of submissions per exercise "
                   "(comments, names and the stub's code set aside) in summary.html, "
                   "side by side, and all of them in similarity.csv.")
@click.option("--similarity-threshold", type=click.FloatRange(0.0, 1.0), default=0.8,
              show_default=True, metavar="SCORE",
              help="With --similarity: the least similarity (0 to 1) a listed pair has.")
@_data_option
def batch_command(submissions: str, out: str, workers: int | None, stems: tuple[str, ...],
                  gradescope: bool, student: str | None, regrade: bool, apply_: bool,
                  dask: str | None, gradebook_format: str, roster: str | None,
                  late_penalty: str | None, due: str | None, similarity: bool,
                  similarity_threshold: float, data_dir: str | None):
    """Grade a whole class: SUBMISSIONS is a folder with one folder per student, or a
    Canvas or Moodle download (zip or folder).

    \b
    grade batch class/ -o graded/           gradebook.csv, results.jsonl, summary.html
    grade batch canvas.zip -o graded/ -e rmsprop --gradescope
    grade batch class/ -o graded/ --regrade    after a suite changed: what would move
    grade batch class/ -o graded/ --similarity  and the most similar pairs

    Every finished result goes to a journal first: run the same command again after an
    interruption and it grades only what is missing or changed. Exit code 0 when the
    batch ran, 2 for unusable input, 130 when interrupted.
    """
    from grader.classroom import batch

    _use_data(data_dir)
    options = batch.BatchOptions(submissions=submissions, out=out, workers=workers,
                                 stems=stems, gradescope=gradescope, student=student,
                                 regrade=regrade or apply_, apply=apply_, dask=dask,
                                 gradebook_format=gradebook_format,
                                 late_penalty=late_penalty, due=due, roster=roster,
                                 similarity=similarity,
                                 similarity_threshold=similarity_threshold)
    try:
        outcome = batch.run(options)
    except batch.BatchInputError as error:
        raise _InputError(str(error)) from None
    except batch.BatchInterrupted as stopped:
        click.echo(str(stopped), err=True)
        sys.exit(130)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    if options.regrade:
        verb = "changed" if outcome.applied else "would change"
        click.echo(f"{len(outcome.changes)} scores {verb}:")
        for change in outcome.changes:
            old = "-" if change.old is None else f"{change.old:g}"
            click.echo(f"  {change.student:<24} {change.stem:<20} {old:>5} -> {change.new:g}")
        if not outcome.applied:
            click.echo("nothing was replaced; run again with --apply to replace the results")
            return
        if outcome.kept:
            click.echo(f"the previous gradebook is kept as {outcome.kept}")
    click.echo(f"{outcome.submissions} submissions of {outcome.students} students: "
               f"{outcome.graded_now} graded now, {outcome.reused} unchanged, "
               f"{outcome.failures} not graded normally, "
               f"{outcome.unplaced} file{'' if outcome.unplaced == 1 else 's'} unused. "
               f"Summary: {outcome.summary}")


@main.command("gradescope-zip")
@click.argument("stems", nargs=-1, required=True, metavar="STEM...")
@click.option("-o", "--output", metavar="ZIP", type=click.Path(dir_okay=False),
              default="autograder.zip", show_default=True,
              help="Where to write the autograder zip.")
@click.option("--hidden-visibility", type=click.Choice(["after_published", "hidden",
                                                        "after_due_date"]),
              default="after_published", show_default=True,
              help="When students see the hidden tests' results on Gradescope (never "
                   "at once: that is what makes them hidden).")
@click.option("--package", metavar="SPEC",
              help="What setup.sh installs with pip: a requirement or URL, or a wheel or "
                   "sdist file, which goes into the zip (default: torchgrade of this "
                   "version).")
@click.option("--force", is_flag=True, help="Overwrite ZIP if it exists.")
def gradescope_zip_command(stems: tuple[str, ...], output: str, hidden_visibility: str,
                           package: str | None, force: bool):
    """Write a Gradescope autograder zip that grades STEM with TorchGrade.

    \b
    grade gradescope-zip rmsprop -o rmsprop-autograder.zip

    Upload it as the assignment's autograder ("Zip file upload"). setup.sh installs
    bubblewrap, the CPU torch wheel and TorchGrade; run_autograder grades the file in
    /autograder/submission named after the exercise (with one exercise, the only .py or
    .ipynb file there) with `grade submit` and writes results/results.json: public
    tests visible, hidden tests after_published (--hidden-visibility).
    """
    import os
    from pathlib import Path

    from grader.reports import gradescope

    if os.path.exists(output) and not force:
        raise _InputError(f"{output} exists: use --force to overwrite it")
    try:
        written = gradescope.build_zip(list(stems), Path(output), hidden_visibility, package)
    except catalog.UnknownExercise as error:
        raise click.UsageError(str(error)) from None
    except (gradescope.GradescopeError, OSError) as error:
        raise _InputError(str(error)) from None
    click.echo(f"wrote {written}: upload it as the Gradescope assignment's autograder")


# ---- authoring: course folders, `grade validate`, `grade new` ---------------------------

def _use_courses(courses: tuple[str, ...]) -> None:
    """Name the course folders for every later lookup (grader.authoring.course reads
    $TORCHGRADE_COURSE), and fail early on a folder or course.toml that is unusable."""
    import os

    from grader.authoring import course

    if courses:
        os.environ[course.ENV_VAR] = os.pathsep.join(os.path.abspath(c) for c in courses)
    try:
        course.active()
        catalog.exercises()
    except course.CourseError as error:
        raise _InputError(str(error)) from None


@main.command("validate")
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
    from grader.engine import zygote

    try:
        chosen = [catalog.get(stem).stem for stem in stems]
    except catalog.UnknownExercise as error:
        raise click.UsageError(str(error)) from None
    if not static_only:
        zygote.shared("full")  # warms up while the first checks run
    width = max([20] + [len(e.stem) + 1 for e in catalog.exercises()])
    if not as_json:
        click.echo(validate.table_header(width))
    reports = validate.validate(
        chosen or None, static_only=static_only, skip_training=skip_training,
        on_row=None if as_json else lambda row: click.echo(validate.table_row(row, width)))
    if as_json:
        click.echo(json.dumps(json_safe([report.to_dict() for report in reports]), indent=2,
                              allow_nan=False))
    else:
        skipped = sorted({reason for report in reports for check in report.checks
                          if check.ok is None for reason in check.reasons})
        if skipped:
            click.echo("skipped: " + "; ".join(skipped))
        reasons = validate.reasons_text(reports)
        if reasons:
            click.echo(f"\n{reasons}")
        failed = sum(not report.ok for report in reports)
        click.echo(f"\n{failed} of {len(reports)} exercises fell short" if failed else
                   f"\nall {len(reports)} exercises passed every check")
    if not all(report.ok for report in reports):
        sys.exit(1)


@main.command("new")
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
    import os

    from grader.authoring import scaffold

    if directory is None:
        named = [entry for entry in os.environ.get("TORCHGRADE_COURSE", "").split(os.pathsep)
                 if entry]
        directory = named[-1] if named else "."
    try:
        written = scaffold.scaffold(stem, directory, force=force)
    except scaffold.ScaffoldError as error:
        raise _InputError(str(error)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: fill them in, then `grade --course {directory} validate {stem}`")


# ---- the student's journey: init, progress, watch, hint (grader.student.workspace, .history,
# .watch, .hints) --------------------------------------------------------------------

def _record_history(file: str, result) -> None:
    """Append a graded file to its workspace's history; never fails the grading."""
    try:
        from grader.student import history

        history.record_result(file, result)
    except Exception:  # noqa: BLE001 (history.record_result already swallows its own)
        pass


def _watch(file: str, stem: str | None, as_json: bool, report_path: str | None,
           force: bool) -> None:
    """`grade check FILE --watch`: check FILE now and after every save."""
    import os

    from grader.engine import zygote
    from grader.student import watch

    try:
        exercise = catalog.get(stem or catalog.stem_for_file(file))
    except catalog.UnknownExercise as error:
        raise click.UsageError(str(error)) from None
    if not os.path.isfile(file):
        raise click.UsageError(f"{file}: no such file")
    watch.watch(file, lambda: _grade_and_print(file, exercise.stem, as_json, True,
                                               report_path, force),
                warm=lambda: zygote.shared(exercise.warm))


@main.command("init")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--notebooks", is_flag=True,
              help="Write Jupyter notebooks (.ipynb) instead of .py files.")
def init_command(directory: str, notebooks: bool):
    """Start a working folder DIR with one file to fill in per exercise.

    Existing files are never overwritten. DIR also gets a `.grade/` folder, where
    `grade check` and `grade submit` keep the history `grade progress` reads.
    """
    import textwrap

    from grader.student import workspace

    try:
        outcome = workspace.init(directory, as_notebooks=notebooks)
    except OSError as error:
        raise _InputError(f"cannot set up {directory}: {error}") from None
    click.echo(f"{directory}: {len(outcome.created)} exercise file(s) created"
               + (f", {len(outcome.kept)} already there and kept" if outcome.kept else ""))
    if outcome.kept:
        click.echo(textwrap.fill("already there, not overwritten: "
                                 + ", ".join(path.name for path in outcome.kept),
                                 width=88, initial_indent="  ", subsequent_indent="    "))
    for stem in outcome.missing_stub:
        click.echo(f"  no stub for {stem}: skipped")
    click.echo(workspace.next_steps(outcome, notebooks))


@main.command("progress")
@click.argument("directory", metavar="[DIR]", default=".",
                type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def progress_command(directory: str, as_json: bool):
    """Where you stand on each exercise in DIR (default: here): not started, failing
    (with the score) or passed, and the mistakes the last grading named.

    Read from DIR's local history (`.grade/history.jsonl`), no server needed.
    """
    import dataclasses

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


@main.command("hint")
@click.argument("stem")
@click.option("--dir", "directory", metavar="DIR", type=click.Path(file_okay=False),
              help="The workspace that counts your hints (default: the one you are in).")
def hint_command(stem: str, directory: str | None):
    """Show the next hint for exercise STEM: first a nudge, last the formula.

    Each call shows one more hint (counted in the workspace's history) until the last.
    """
    import os
    import textwrap

    from grader.student import hints, history

    try:  # a file name works too: `grade hint hw3_rmsprop.py`
        stem = catalog.get(catalog.stem_for_file(stem) if stem.endswith((".py", ".ipynb"))
                           else stem).stem
    except catalog.UnknownExercise as error:
        raise click.UsageError(str(error)) from None
    folder = directory or history.workspace_of(".") or "."
    try:
        if history.make_workspace(folder):
            click.echo(f"(counting hints in {os.path.join(folder, history.FOLDER)})", err=True)
        hint = hints.next_hint(folder, stem)
    except hints.NoHints as error:
        raise _InputError(str(error)) from None
    except OSError as error:
        raise _InputError(f"cannot record the hint in {folder}: {error}") from None
    click.echo(f"Hint {hint.level} of {hint.total} for {stem} ({hint.label}):")
    parts = hint.text.split(";  ")
    for part in parts:
        click.echo(textwrap.fill(part, width=88, initial_indent="  ",
                                 subsequent_indent="    " if len(parts) > 1 else "  "))
    if hint.repeated:
        click.echo("That was the last hint: there are no more for this exercise.")
    elif hint.level < hint.total:
        click.echo(f"`grade hint {stem}` again for the next one.")


@main.command("demo")
@click.argument("out", metavar="[OUT]", default="torchgrade-demo", type=click.Path())
@click.option("--workers", "-j", type=click.IntRange(min=1), default=2, show_default=True,
              metavar="N", help="Grading processes in parallel.")
def demo_command(out: str, workers: int):
    """Grade a small bundled class (10 students, rmsprop/adam/linear_model: correct,
    buggy, notebook and hostile submissions) into OUT, as `grade batch` would.

    OUT (default: ./torchgrade-demo) must be new, empty or an earlier demo's output;
    any other existing folder is left alone (exit code 2). Prints where summary.html is.
    """
    from grader.classroom import batch, demo

    try:
        outcome = demo.run(out, workers=workers)
    except demo.DemoError as error:
        raise _InputError(str(error)) from None
    except batch.BatchInterrupted as stopped:
        click.echo(str(stopped), err=True)
        sys.exit(130)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{outcome.submissions} submissions of {outcome.students} students: "
               f"{outcome.graded_now} graded now, {outcome.reused} unchanged, "
               f"{outcome.failures} not graded normally, "
               f"{outcome.unplaced} file{'' if outcome.unplaced == 1 else 's'} unused.")
    click.echo(f"gradebook: {outcome.out / 'gradebook.csv'}")
    click.echo(f"summary:   {outcome.summary.resolve()}")


if __name__ == "__main__":
    main()
