"""The small pieces behind fair verdicts: pitfall advice, readable mismatches, free
precision and NumPy lists. (Graded end to end by tests/submissions/.)"""

import numpy as np
import pytest
import torch

from grader.judge import pitfalls
from grader.judge.checker import _lowest_precision
from grader.judge.compare import Mismatch, assert_close
from grader.engine.proxy import StudentError


def test_zero_d_slicing_error_gets_its_fix():
    info = {"type": "IndexError", "message": "slice() cannot be applied to a 0-dim tensor.",
            "where": " (line 5)"}
    with pytest.raises(StudentError) as raised:
        with pitfalls.explained():
            raise StudentError(info)
    text = str(raised.value)
    assert text.startswith("IndexError: slice() cannot be applied to a 0-dim tensor.")
    assert "`p[:]` needs at least one dimension" in text and "p.copy_(...)" in text
    assert text.endswith("(line 5)")


def test_other_errors_pass_through_unchanged():
    error = StudentError({"type": "ValueError", "message": "boom"})
    with pytest.raises(StudentError) as raised:
        with pitfalls.explained():
            raise error
    assert raised.value is error


def test_a_real_difference_never_prints_as_equal_numbers():
    with pytest.raises(Mismatch) as raised:
        assert_close(actual=1.30057012, expected=1.30057031, rtol=1e-9, atol=0.0)
    assert "got 1.3005701, expected 1.3005703" in str(raised.value)


def test_a_numpy_array_answers_for_a_list_of_numbers():
    assert_close(actual=np.array([1.0, 2.0]), expected=[1.0, 2.0], rtol=0, atol=0)
    with pytest.raises(Mismatch, match="length 3"):
        assert_close(actual=np.array([1.0, 2.0]), expected=[1.0, 2.0, 3.0], rtol=0, atol=0)


@pytest.mark.parametrize("answers, low", [
    ([torch.zeros(2)], True), ([torch.zeros(2, dtype=torch.float64), 1.5], False),
    ([(torch.zeros(2, dtype=torch.float16), 0.0)], True), ([np.zeros(2, np.float32)], True),
    ([np.zeros(2)], False), ([torch.zeros(2, dtype=torch.int64)], False), ([{"w": 1.0}], False),
])
def test_precision_of_the_students_answers(answers, low):
    assert _lowest_precision(answers) is low
