"""The `grade` command: a thin click layer over plain functions, one module per kind
of user (grader.cli.student, .instructor, .author).

Exit codes: 0 when the command did its job (whatever the score), 2 for usage and input
errors (unknown command or exercise, missing or unusable file: any
grader.errors.UserInputError, reported in one place, grader.cli.input_errors), 1 for an
internal error.
"""

from __future__ import annotations

import difflib
import os

import click

from grader import catalog
from grader.package import __version__
from grader.cli import author, input_errors, instructor, student


class _Group(click.Group):
    """A command group whose unknown-command error lists close matches, and which
    reports every bad input of its commands as one line with exit code 2."""

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.5)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            ctx.fail(f"no such command {name!r}.{hint} Commands: "
                     f"{', '.join(self.list_commands(ctx))}.")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        with input_errors.reported():
            return super().invoke(ctx)


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


def _use_courses(courses: tuple[str, ...]) -> None:
    """Name the course folders for every later lookup (grader.catalog.course reads
    $TORCHGRADE_COURSE), and fail early on a folder or course.toml that is unusable."""
    from grader.catalog import course

    if courses:
        os.environ[course.ENV_VAR] = os.pathsep.join(os.path.abspath(c) for c in courses)
    course.active()
    catalog.exercises()


for _command in (*student.COMMANDS, *instructor.COMMANDS, *author.COMMANDS):
    main.add_command(_command)
