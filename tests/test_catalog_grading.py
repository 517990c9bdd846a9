"""Over the whole catalog: references get full marks, untouched stubs get 0."""

from pathlib import Path

import pytest

from grader import catalog
from grader.judge.runner import grade

ROOT = Path(__file__).resolve().parent.parent
GRADED = [e.stem for e in catalog.exercises()
          if (ROOT / "grader" / "suites" / f"{e.stem}.py").exists()]


@pytest.mark.parametrize("stem", GRADED)
def test_reference_gets_full_marks_and_no_label(stem):
    result = grade(ROOT / "solutions" / f"{stem}.py", stem)
    assert result.status == "graded", result.message
    failing = [(c.name, c.message) for c in result.tests if c.outcome != "passed"]
    assert not failing
    assert result.score == result.max_score == catalog.get(stem).points
    assert result.misconceptions == []


@pytest.mark.parametrize("stem", GRADED)
def test_untouched_stub_is_not_implemented(stem):
    result = grade(ROOT / "exercises" / f"{stem}.py", stem)
    assert result.status == "not_implemented", result.message
    assert result.score == 0
    assert result.tests and all(c.outcome == "failed" for c in result.tests)
    assert "not implemented yet" in result.tests[0].message


@pytest.mark.parametrize("stem", GRADED)
def test_check_runs_only_public_tests(stem):
    result = grade(ROOT / "solutions" / f"{stem}.py", stem, public_only=True)
    assert result.tests and all(c.visibility == "public" for c in result.tests)
    assert result.score == result.max_score
