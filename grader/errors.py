"""What the user gave us was wrong: the one base class of every input error.

A `UserInputError` is about the user's input (a path, an option's value, a file's
contents, a course folder, an exercise's name), never about the grader itself or the
student's code. Its message is one line that says what was wrong and where, and is the
whole explanation: no traceback, no "usage" text follows it.

Each module raises its own subclass (e.g. catalog.UnknownExercise, report.ReportError),
keeping a built-in base such as ValueError where callers catch that. The CLI turns any
of them into `Error: <message>` and exit code `EXIT_USAGE` in one handler
(grader.cli.input_errors); the Python API lets them propagate unchanged.
"""

EXIT_USAGE = 2  # usage and input errors, as click's own usage errors


class UserInputError(Exception):
    """A bad input from the user: its one-line message is the whole explanation."""
