"""The one pytest invocation of a suite, shared by grading (grader.judge.runner) and
`grade validate`'s marker check (grader.authoring.validate).

A suite runs in this trusted process with the suites' own pytest.ini and rootdir, with
no plugin but the one given (not the installed ones: no autoload, no randomly, no
timeout), its output captured, and a course's suite imported as a module of its own
whatever its name.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.package import PACKAGE_DIR

SUITES = PACKAGE_DIR / "suites"


def run(suite: Path, plugin: object, *options: str) -> tuple[int, str]:
    """Run pytest on `suite` with `plugin` and extra `options` (e.g. `-m public`,
    `--collect-only`); return pytest's exit code and everything it printed."""
    arguments = [str(suite), "-c", str(SUITES / "pytest.ini"), "--rootdir", str(SUITES),
                 "-q", "-p", "no:randomly", "-p", "no:timeout",
                 # its 5 full gc passes per session cost ~0.4 s with torch loaded
                 "-p", "no:unraisableexception"]
    if suite.parent != SUITES:  # a course's suite: a module of its own, whatever its name
        arguments.append("--import-mode=importlib")
    log = io.StringIO()
    with _plugin_autoload_disabled(), contextlib.redirect_stdout(log), \
            contextlib.redirect_stderr(log):
        code = pytest.main([*arguments, *options], plugins=[plugin])
    return int(code), log.getvalue()


@contextlib.contextmanager
def _plugin_autoload_disabled() -> Iterator[None]:
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
