"""What the user gave us was wrong: the one base class of every input error.

A `UserInputError` is about the user's input (a path, an option, a file's contents, a
course folder), never about the grader itself or the student's code. Its message is one
line that says what was wrong and where; the CLI prints it and exits with `EXIT_USAGE`
(one handler, in grader.cli), and the Python API lets it propagate unchanged.
"""

EXIT_USAGE = 2  # usage and input errors, as click's own usage errors


class UserInputError(Exception):
    """A bad input from the user: its message is the whole explanation."""
