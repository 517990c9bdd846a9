"""The markers graded suites use, registered in every pytest session.

`grade` runs a suite with this registration built into its plugin; any other pytest
session that imports a suite module (the project's tests, an author's own tests of a
course) gets them from the `pytest11` entry point `torchgrade`, so `--strict-markers`
accepts `pytest.mark.public` however the suite was reached.
"""

from __future__ import annotations

MARKERS = (
    "points(n): the points a graded test is worth",
    "public: a test whose inputs and expected values are shown in feedback",
    "hidden: a test shown only by name, outcome and hint",
)


def register(config) -> None:
    """Register the suite markers on a pytest config (safe to call twice)."""
    known = {line.split(":")[0].split("(")[0] for line in config.getini("markers")}
    for marker in MARKERS:
        if marker.split(":")[0].split("(")[0] not in known:
            config.addinivalue_line("markers", marker)


def pytest_configure(config) -> None:
    register(config)
