"""The `markers` check: every test of the suite has one `points(n)` (n > 0) and
exactly one of `public`/`hidden`, every hidden test a docstring (its first line is the
student's hint), and the points sum to the exercise's. The suite is collected, not run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader import catalog
from grader.authoring.validate.checks import Check, verdict
from grader.catalog import Exercise
from grader.judge import markers, pytest_session


@dataclass
class SuiteItem:
    """One collected test of a suite: its markers as the grading plugin will read them."""

    name: str
    points: tuple
    public: bool
    hidden: bool
    hint: str


class _Collector:
    """Collects a suite's tests and their markers without running any."""

    def __init__(self):
        self.items: list[SuiteItem] = []
        self.errors: list[str] = []

    def pytest_configure(self, config):
        markers.register(config)

    def pytest_collection_modifyitems(self, items):
        for item in items:
            marker = item.get_closest_marker("points")
            self.items.append(SuiteItem(
                item.name, tuple(marker.args) if marker else (),
                item.get_closest_marker("public") is not None,
                item.get_closest_marker("hidden") is not None,
                (getattr(item, "function", None).__doc__ or "").strip()))

    def pytest_collectreport(self, report):
        if report.failed:
            self.errors.append(str(report.longrepr)[-600:])


def collect(suite: Path) -> _Collector:
    """The tests of `suite`, collected the way the runner runs it."""
    collector = _Collector()
    pytest_session.run(suite, collector, "--collect-only")
    return collector


def check_markers(exercise: Exercise, files: catalog.ExerciseFiles) -> Check:
    """Points and visibility on every test; hints on hidden ones; the points' sum."""
    if files.suite is None:
        return verdict("markers", ["no suite"], "")
    collected = collect(files.suite)
    reasons = [f"the suite does not collect: {error.strip()}" for error in collected.errors]
    if not collected.items and not reasons:
        reasons.append("the suite has no tests")
    total = 0.0
    for item in collected.items:
        reasons += _item_problems(item)
        if len(item.points) == 1 and _positive(item.points[0]):
            total += item.points[0]
    if collected.items and abs(total - exercise.points) > 1e-9:
        reasons.append(f"the points sum to {total:g}, the catalog says {exercise.points}")
    return verdict("markers", reasons, f"{len(collected.items)} tests {total:g} pts")


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _item_problems(item: SuiteItem) -> list[str]:
    problems = []
    if not item.points:
        problems.append(f"{item.name} has no points marker")
    elif len(item.points) != 1 or not _positive(item.points[0]):
        problems.append(f"{item.name}: points{item.points} should be one positive number")
    if item.public == item.hidden:
        problems.append(f"{item.name} must be marked exactly one of public/hidden")
    if item.hidden and not item.hint:
        problems.append(f"{item.name} is hidden but has no docstring: its first line is "
                        f"the student's hint")
    return problems
