"""Code that runs in the worker, the student's process (and in the zygote it is forked from).

Everything here is readable, and patchable, by student code. It imports nothing of the
trusted side but the wire format (`grader.wire`): a contract CI checks (import-linter,
see pyproject.toml). Nothing here decides a verdict.
"""
