"""grader.judge.compare.assert_close against an independent oracle: numpy's own
arithmetic on the same numbers (|a - e| <= atol + rtol * |e|, worst element, errors).
No worker, no zygote: milliseconds each."""

import math

import numpy as np
import pytest
import torch

from grader.judge.compare import Mismatch, assert_close
from grader.wire.plain import Unsupported


def _mismatch(**kwargs) -> Mismatch:
    with pytest.raises(Mismatch) as raised:
        assert_close(**kwargs)
    return raised.value


def _oracle(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> dict:
    """What the mismatch details must say, computed with numpy alone."""
    error = np.abs(actual - expected)
    allowed = atol + rtol * np.abs(expected)
    bad = error > allowed
    worst = np.unravel_index(np.argmax(np.where(bad, error - allowed, -1.0)), actual.shape)
    return {"index": [int(i) for i in worst], "got": float(actual[worst]),
            "expected": float(expected[worst]), "mismatched": int(bad.sum()),
            "total": int(bad.size), "max_abs_error": float(error.max()),
            "max_rel_error": float((error / np.abs(expected)).max())}


def test_the_tolerance_is_inclusive_at_its_edge():
    """Binary fractions, so the edge is exact: atol + rtol * |e| is 0.75, 1.25, 2.25."""
    expected = torch.tensor([1.0, -2.0, 4.0])
    edge = expected + torch.tensor([0.75, 1.25, -2.25])
    assert_close(actual=edge, expected=expected, rtol=0.5, atol=0.25)
    over = edge + torch.tensor([0.0, 2.0 ** -20, 0.0])
    assert _mismatch(actual=over, expected=expected, rtol=0.5, atol=0.25).details["index"] == [1]


def test_the_details_name_the_worst_element_and_the_errors():
    rng = np.random.default_rng(0)
    expected = rng.normal(size=(3, 4)) + 3.0
    actual = expected.copy()
    actual[0, 1] += 0.05
    actual[2, 3] -= 0.5  # the worst excess over the tolerance
    details = _mismatch(actual=torch.from_numpy(actual), expected=torch.from_numpy(expected),
                        rtol=1e-3, atol=1e-4).details
    want = _oracle(actual, expected, rtol=1e-3, atol=1e-4)
    assert details["kind"] == "value"
    assert {key: details[key] for key in ("index", "mismatched", "total")} == \
        {key: want[key] for key in ("index", "mismatched", "total")}
    for key in ("got", "expected", "max_abs_error", "max_rel_error"):
        assert math.isclose(details[key], want[key], rel_tol=1e-12), key


def test_the_message_says_where_and_how_far():
    message = str(_mismatch(actual=torch.tensor([1.0, 2.0, 9.0]),
                            expected=torch.tensor([1.0, 2.0, 3.0]), rtol=0.0, atol=0.5,
                            what="value"))
    assert message.startswith("value differs at index (2,): got 9, expected 3")
    assert "1 of 3 values off" in message and "atol=0.5" in message


def test_nan_matches_nan_and_inf_matches_the_same_inf_only():
    special = torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0])
    assert_close(actual=special.clone(), expected=special, rtol=0, atol=0)
    flipped = torch.tensor([float("nan"), -float("inf"), -float("inf"), 1.0])
    assert _mismatch(actual=flipped, expected=special, rtol=0, atol=0).details["index"] == [1]
    assert _mismatch(actual=torch.tensor([float("nan")]), expected=torch.tensor([0.0]),
                     rtol=1, atol=1).details["max_abs_error"] == math.inf


@pytest.mark.parametrize("actual, expected, kind", [
    (torch.zeros(3), torch.zeros(3, 1), "shape"),
    (None, torch.zeros(2), "type"),
    (True, 1.0, "type"),  # a bool is not a number here
    ([1.0, 2.0], [1.0, 2.0, 3.0], "length"),
    ({"a": 1.0}, {"a": 1.0, "b": 2.0}, "keys"),
    (False, True, "flag"),
    ("adam", "sgd", "value"),
    (Unsupported("Generator"), torch.zeros(2), "type"),
    (torch.zeros(2, dtype=torch.complex64), torch.zeros(2), "type"),
])
def test_each_broken_rule_has_its_kind(actual, expected, kind):
    assert _mismatch(actual=actual, expected=expected, rtol=1e-5, atol=1e-8).details["kind"] == kind


def test_the_dtype_is_judged_only_when_asked():
    half, single = torch.ones(2, dtype=torch.float16), torch.ones(2)
    assert_close(actual=half, expected=single, rtol=0, atol=0)
    assert _mismatch(actual=half, expected=single, rtol=0, atol=0,
                     check_dtype=True).details["kind"] == "dtype"


def test_nested_answers_name_the_path_to_the_wrong_value():
    expected = {"state": [torch.zeros(2), torch.ones(2)]}
    actual = {"state": [torch.zeros(2), torch.tensor([1.0, 5.0])]}
    mismatch = _mismatch(actual=actual, expected=expected, rtol=0, atol=0, what="answer")
    assert mismatch.details["what"] == "answer['state'][1]"
    assert mismatch.details["index"] == [1]


def test_a_numpy_array_of_numbers_and_plain_numbers_compare_as_numbers():
    assert_close(actual=np.array([1.0, 2.0]), expected=[1.0, 2.0], rtol=0, atol=0)
    assert_close(actual=3, expected=torch.tensor(3.0), rtol=0, atol=0)


def test_an_expected_value_that_is_no_number_is_the_grader_s_bug_not_a_mismatch():
    with pytest.raises(TypeError):
        assert_close(actual=1.0, expected=object(), rtol=0, atol=0)
