"""Every student file under tests/submissions/ is graded as its expect-lines say."""

import pytest

from grader.judge.runner import grade

from expectations import check, files, read


@pytest.mark.parametrize("path", files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_submission_is_graded_as_expected(path):
    expected = read(path)
    assert expected, f"{path} has no expect- lines"
    result = grade(path, path.parent.name)
    problems = check(result, expected)
    assert not problems, "\n".join(problems)
