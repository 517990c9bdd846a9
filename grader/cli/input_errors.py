"""The CLI's one handler of bad input: a UserInputError becomes `Error: <message>`
on stderr and exit code 2 (grader.errors.EXIT_USAGE), with no traceback and no usage
text. An OSError on a path the user named is bad input too (`user_path`).

Option combinations that click itself would call usage errors (`--to` without
`--student`) stay click.UsageError, which also prints the usage line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click

from grader.errors import EXIT_USAGE, UserInputError


class InputError(click.ClickException):
    """A bad input as click reports it: `Error: <message>` and exit code 2."""

    exit_code = EXIT_USAGE


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """Turn a UserInputError raised inside into an InputError, which click prints
    as one line before it exits with code 2."""
    try:
        yield
    except UserInputError as error:
        raise InputError(str(error)) from None


@contextlib.contextmanager
def user_path(what: str = "") -> Iterator[None]:
    """An OSError raised inside is about a path the user named: a UserInputError
    whose message is `<what>: <the OSError>` (the OSError alone without `what`)."""
    try:
        yield
    except OSError as error:
        raise UserInputError(f"{what}: {error}" if what else str(error)) from None
