"""The instructor's commands: `batch` (grade a class), `report`, `demo`,
`gradescope-zip` and `doctor` (what this machine's sandbox gives)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from grader.cli import options
from grader.cli.input_errors import user_path
from grader.errors import UserInputError
from grader.result import json_safe


@click.command("batch")
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
@options.data_option
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

    options.use_data(data_dir)
    chosen = batch.BatchOptions(submissions=submissions, out=out, workers=workers,
                                stems=stems, gradescope=gradescope, student=student,
                                regrade=regrade or apply_, apply=apply_, dask=dask,
                                gradebook_format=gradebook_format,
                                late_penalty=late_penalty, due=due, roster=roster,
                                similarity=similarity,
                                similarity_threshold=similarity_threshold)
    outcome = _interruptible(batch.run, chosen)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    if chosen.regrade and not _print_changes(outcome):
        return
    click.echo(f"{outcome.submissions} submissions of {outcome.students} students: "
               f"{outcome.graded_now} graded now, {outcome.reused} unchanged, "
               f"{outcome.failures} not graded normally, "
               f"{outcome.unplaced} file{'' if outcome.unplaced == 1 else 's'} unused. "
               f"Summary: {outcome.summary}")


def _print_changes(outcome) -> bool:
    """`--regrade`: whose scores changed (or would); False when nothing was replaced."""
    verb = "changed" if outcome.applied else "would change"
    click.echo(f"{len(outcome.changes)} scores {verb}:")
    for change in outcome.changes:
        old = "-" if change.old is None else f"{change.old:g}"
        click.echo(f"  {change.student:<24} {change.stem:<20} {old:>5} -> {change.new:g}")
    if not outcome.applied:
        click.echo("nothing was replaced; run again with --apply to replace the results")
        return False
    if outcome.kept:
        click.echo(f"the previous gradebook is kept as {outcome.kept}")
    return True


@click.command("gradescope-zip")
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
    from grader.reports import gradescope

    if os.path.exists(output) and not force:
        raise UserInputError(f"{output} exists: use --force to overwrite it")
    with user_path():
        written = gradescope.build_zip(list(stems), Path(output), hidden_visibility, package)
    click.echo(f"wrote {written}: upload it as the Gradescope assignment's autograder")


@click.command("report")
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

    with user_path():
        result = report.load_result(result_file)
    if output:
        options.write_report(result, output, force, fmt)
    elif fmt in (None, "text"):
        click.echo(report.text_report(result))
    else:
        click.echo(report.render(result, fmt), nl=False)


@click.command("demo")
@click.argument("out", metavar="[OUT]", default="torchgrade-demo", type=click.Path())
@click.option("--workers", "-j", type=click.IntRange(min=1), default=2, show_default=True,
              metavar="N", help="Grading processes in parallel.")
def demo_command(out: str, workers: int):
    """Grade a small bundled class (10 students, rmsprop/adam/linear_model: correct,
    buggy, notebook and hostile submissions) into OUT, as `grade batch` would.

    OUT (default: ./torchgrade-demo) must be new, empty or an earlier demo's output;
    any other existing folder is left alone (exit code 2). Prints where summary.html is.
    """
    from grader.classroom import demo

    outcome = _interruptible(demo.run, out, workers=workers)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{outcome.submissions} submissions of {outcome.students} students: "
               f"{outcome.graded_now} graded now, {outcome.reused} unchanged, "
               f"{outcome.failures} not graded normally, "
               f"{outcome.unplaced} file{'' if outcome.unplaced == 1 else 's'} unused.")
    click.echo(f"gradebook: {outcome.out / 'gradebook.csv'}")
    click.echo(f"summary:   {outcome.summary.resolve()}")


@click.command()
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


def _interruptible(run, *arguments, **keywords):
    """`run(...)`, or exit code 130 after saying where a Ctrl-C stopped the batch."""
    from grader.classroom import batch

    try:
        return run(*arguments, **keywords)
    except batch.BatchInterrupted as stopped:
        click.echo(str(stopped), err=True)
        sys.exit(130)


COMMANDS = (batch_command, report_command, demo_command, gradescope_zip_command, doctor)
