"""TorchGrade: grade PyTorch exercises without letting student code judge itself.

In a Jupyter notebook: `from grader import check; check("rmsprop")` (also `submit`,
`hint`). Importing `grader` stays cheap: these import grader.student.jupyter only when
called, and that module imports no torch, suite or reference into the kernel.
"""

from grader.package import PACKAGE_DIR, __version__  # noqa: F401  (grader.__version__)


def check(exercise: str, **limits) -> None:
    """Self-check what ran in this notebook's kernel (public tests): grader.student.jupyter.check."""
    from grader.student import jupyter

    jupyter.check(exercise, **limits)


def submit(exercise: str, **limits) -> None:
    """Grade what ran in this kernel with the full suite: grader.student.jupyter.submit."""
    from grader.student import jupyter

    jupyter.submit(exercise, **limits)


def hint(exercise: str) -> None:
    """Show the next hint for `exercise` below the cell: grader.student.jupyter.hint."""
    from grader.student import jupyter

    jupyter.hint(exercise)
