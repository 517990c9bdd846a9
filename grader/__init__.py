"""TorchGrade: grade PyTorch exercises without letting student code judge itself.

In a Jupyter notebook: `from grader import check; check("rmsprop")` (also `submit`,
`hint`). Importing `grader` stays cheap: these import grader.jupyter only when called,
and that module imports no torch, suite or reference into the kernel.
"""

__version__ = "0.1.0"


def check(exercise: str, **limits) -> None:
    """Self-check what ran in this notebook's kernel (public tests): grader.jupyter.check."""
    from grader import jupyter

    jupyter.check(exercise, **limits)


def submit(exercise: str, **limits) -> None:
    """Grade what ran in this kernel with the full suite: grader.jupyter.submit."""
    from grader import jupyter

    jupyter.submit(exercise, **limits)


def hint(exercise: str) -> None:
    """Show the next hint for `exercise` below the cell: grader.jupyter.hint."""
    from grader import jupyter

    jupyter.hint(exercise)
