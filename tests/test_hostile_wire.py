"""What a worker sends is the student's: hostile replies on the wire, bounded results.

Each submission under tests/hostile/ forges its worker's replies (it replaces
`grader.wire.channel.send` inside its own worker, or writes raw frames to the channel
socket). The grader must stay responsive and its memory sane, refuse or fail only the
affected tests, keep its result strict JSON under 1 MB, and grade the next student
normally. Cases that hung or blew up the grader before are graded in a child process,
so a regression fails here (timeout) instead of hanging the test run.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.reports import report
from grader.judge.plugin import HIDDEN_VALUE, NOT_IMPLEMENTED, RAISED, REFUSED
from grader.result import MAX_RESULT_BYTES, SubmissionResult
from grader.judge.runner import grade

HOSTILE = Path(__file__).parent / "hostile"
REFERENCE = Path(__file__).parent.parent / "solutions" / "rmsprop.py"
TOTAL_S, CALL_S = 12.0, 3.0
BOUND_S = TOTAL_S + 2 + 3  # the limit, 2 s promised to students, a zygote's start
FIRST, SECOND = "test_one_step_default_hyperparameters", "test_several_steps_param_and_state"

_CHILD = """
import json, resource, sys, time
from grader.judge.runner import grade
started = time.monotonic()
result = grade(sys.argv[1], "rmsprop", time_limit_s=float(sys.argv[2]),
               call_limit_s=float(sys.argv[3]), judge_source=False)
seconds = time.monotonic() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
after = grade(sys.argv[4], "rmsprop")
print(json.dumps({"result": json.loads(result.to_json()), "seconds": seconds,
                  "peak_mb": peak_mb, "next_score": after.score}))
"""


def grade_wire(name: str):
    """Grade a file that forges its worker's replies. Its tampering with `grader.wire.channel`
    at import is also evasion the trusted source verdict fails (tests/test_forbidden_*);
    here only the wire is on trial, so that verdict is left out."""
    return grade(HOSTILE / name, "rmsprop", time_limit_s=TOTAL_S, call_limit_s=CALL_S,
                 judge_source=False)


def strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity, as strict parsers do."""
    def refuse(constant):
        raise ValueError(f"bare {constant} in JSON")
    return json.loads(text, parse_constant=refuse)


def grade_in_child(name: str) -> dict:
    """Grade in a fresh process that must finish in bounded time; its facts as a dict."""
    command = [sys.executable, "-c", _CHILD, str(HOSTILE / name), str(TOTAL_S), str(CALL_S),
               str(REFERENCE)]
    try:
        finished = subprocess.run(command, capture_output=True, text=True,
                                  timeout=BOUND_S + 30)  # + importing torch, the reference
    except subprocess.TimeoutExpired:
        pytest.fail(f"grading {name} hung (no verdict within {BOUND_S + 30:g} s)")
    assert finished.returncode == 0, finished.stderr[-2000:]
    facts = json.loads(finished.stdout.strip().splitlines()[-1])
    facts["result"] = SubmissionResult.from_dict(facts["result"])
    return facts


def by_name(result) -> dict:
    return {case.name: case for case in result.tests}


def assert_only_these_refused(result, refused: dict[str, str]):
    """The named tests are errors refusing the answer (with that reason); all the
    others passed; the result is strict JSON under 1 MB."""
    cases = by_name(result)
    for name, reason in refused.items():
        assert cases[name].outcome == "error", cases[name]
        assert cases[name].message.startswith(REFUSED.format("")), cases[name].message
        assert reason in cases[name].message
    assert all(case.outcome == "passed" for case in result.tests if case.name not in refused)
    assert len(strict_json(result.to_json())) < MAX_RESULT_BYTES


def test_shared_nested_lists_and_deep_nesting_are_refused_quickly():
    facts = grade_in_child("shared_list_bomb.py")
    assert facts["seconds"] <= BOUND_S and facts["peak_mb"] < 1500
    assert_only_these_refused(facts["result"], {FIRST: "more than 100,000 values",
                                                SECOND: "nested more than 64 levels"})
    assert facts["next_score"] == 10


def test_a_frame_header_without_a_body_is_a_timeout_not_a_hang():
    facts = grade_in_child("header_without_body.py")
    result = facts["result"]
    assert facts["seconds"] <= BOUND_S
    assert by_name(result)[FIRST].outcome == "timeout"
    assert result.score == result.max_score - 2
    assert facts["next_score"] == 10


def test_expanded_complex_tensors_are_refused_before_densifying():
    facts = grade_in_child("expanded_complex_answer.py")
    assert facts["peak_mb"] < 1500, "an expanded view was densified (1 GiB or more)"
    assert_only_these_refused(facts["result"], {FIRST: "elements", SECOND: "bytes"})
    assert facts["next_score"] == 10


def test_huge_error_messages_are_refused_or_cut_and_the_reports_stay_small():
    result = grade_wire("huge_error_message.py")
    cases = by_name(result)
    assert cases[FIRST].message.startswith(REFUSED.format(""))
    assert "byte cap" in cases[FIRST].message
    assert cases[SECOND].outcome == "error" and "characters cut" in cases[SECOND].message
    hidden = cases["test_in_place_and_returns_none"]
    assert hidden.outcome == "error" and "(line 7)" in hidden.message
    assert "mmm" not in hidden.message
    assert result.score == result.max_score - 5
    assert len(strict_json(result.to_json())) < 100_000
    for fmt in ("html", "md", "text"):
        assert len(report.render(result, fmt)) < 200_000


def test_huge_strings_in_answers_and_missing_names_are_cut():
    result = grade_wire("huge_string_answer.py")
    cases = by_name(result)
    assert cases[FIRST].outcome == "failed" and "got str" in cases[FIRST].message
    assert len(cases[FIRST].message) < 300
    assert cases[SECOND].outcome == "failed" and "is not defined" in cases[SECOND].message
    assert len(cases[SECOND].message) < 200 and "mmm" not in cases[SECOND].message
    assert result.score == result.max_score - 4
    assert len(result.to_json()) < 100_000


def test_replies_of_shapes_no_worker_sends_are_refused_not_internal_errors():
    result = grade_wire("forged_reply_shapes.py")
    cases = by_name(result)
    assert [cases[name].outcome for name in cases] == ["error"] * 5 + ["passed"]
    assert not any("internal grader error" in case.message for case in result.tests)
    for name in (FIRST, SECOND, "test_tiny_gradients_where_eps_matters",
                 "test_scalar_and_float64"):
        assert cases[name].message.startswith(REFUSED.format(""))
    assert "dense CPU tensor" in cases["test_scalar_and_float64"].message


def test_an_error_reply_with_flags_for_its_type_is_graded_not_an_internal_error():
    result = grade_wire("forged_error_flags.py")
    cases = by_name(result)
    hidden = cases["test_tiny_gradients_where_eps_matters"]
    assert hidden.outcome == "error" and hidden.message.startswith(RAISED.format(""))
    assert not any("internal grader error" in case.message for case in result.tests)
    assert result.score == result.max_score - 2


def test_infinite_and_nan_answers_make_strict_json_that_reads_back(tmp_path):
    result = grade_wire("nan_inf_answers.py")
    text = result.to_json()
    data = strict_json(text)
    assert data["tests"][0]["details"]["got"] == "Infinity"
    assert data["tests"][1]["details"]["got"] == "-Infinity"
    saved = tmp_path / "result.json"
    saved.write_text(text)
    back = report.load_result(saved)
    assert back.tests[0].details["got"] == float("inf")
    assert back.tests[1].details["max_abs_error"] == float("inf")
    assert result.score == result.max_score - 5


def test_cli_json_of_an_inf_answer_is_strict(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    outcome = CliRunner().invoke(main, ["submit", str(HOSTILE / "nan_inf_answers.py"),
                                        "--exercise", "rmsprop", "--json"])
    assert outcome.exit_code == 0, outcome.output
    assert strict_json(outcome.output)["tests"][0]["details"]["got"] == "Infinity"


# ---- hidden tests ----------------------------------------------------------------------

LEAKY = {"got", "expected", "index", "inputs", "traceback", "max_abs_error",
         "max_rel_error", "mismatched", "total"}


def test_a_hidden_tests_expected_values_appear_in_no_output():
    """A wrong rule: the hidden tests' expected values (from the recorded comparisons)
    are nowhere in the JSON, the reports, results.jsonl or Gradescope's export."""
    from grader.reports import gradescope_results

    runs = []
    result = grade(Path(__file__).parent / "submissions" / "rmsprop" / "eps_inside_sqrt.py",
                   "rmsprop", observe=runs.append)
    hidden = {case.name for case in result.tests if case.visibility == "hidden"}
    failed = [c for c in runs[0].comparisons if c.test in hidden and not c.passed]
    assert failed, "the submission should fail hidden tests"
    outputs = [result.to_json(), *(report.render(result, fmt) for fmt in ("html", "md", "text")),
               json.dumps(gradescope_results.gradescope_json(result))]
    for comparison in failed:
        secrets = {f"{comparison.details['expected']:.6g}", repr(comparison.details["expected"]),
                   f"{comparison.details['got']:.6g}"}
        for text in outputs:
            assert not any(secret in text for secret in secrets), comparison.test
    for case in result.tests:
        if case.visibility == "hidden" and case.outcome != "passed":
            assert case.message.startswith(HIDDEN_VALUE.split("(")[0])
            assert not LEAKY & set(case.details)
    assert result.misconceptions and result.misconceptions[0].id == "rmsprop.eps_inside_sqrt"


def test_a_hidden_test_still_shows_the_rule_broken():
    """Forbidden calls, not-implemented and the student's own exception type and line
    stay visible in hidden tests; the exception's message and traceback do not."""
    forbidden = grade(Path(__file__).parent / "submissions" / "rmsprop" /
                      "uses_torch_optim_in_rule.py", "rmsprop")
    assert all("forbids" in case.message for case in forbidden.tests)
    stub = grade(Path(__file__).parent.parent / "exercises" / "rmsprop.py", "rmsprop")
    assert all(case.message == NOT_IMPLEMENTED for case in stub.tests)
    raised = grade(HOSTILE / "raises_exit_and_interrupt.py", "rmsprop",
                   time_limit_s=TOTAL_S, call_limit_s=CALL_S)
    interrupted = raised.tests[3]
    assert interrupted.visibility == "hidden" and "KeyboardInterrupt" in interrupted.message
    assert "traceback" not in interrupted.details


def test_a_hidden_wrong_value_names_the_function_it_came_from():
    from grader.judge.compare import Mismatch
    from grader.judge.plugin import HIDDEN_RETURN, _classify

    error = Mismatch("value differs at index (2,): got 0.5, expected 0.375 (...)",
                     {"kind": "value", "what": "value[2]", "function": "softmax",
                      "got": 0.5, "expected": 0.375, "index": [2]})

    class Report:
        skipped = False

    class Info:
        value = error

    outcome, text, details = _classify(Info, Report, "hidden")
    assert (outcome, text) == ("failed", HIDDEN_RETURN.format("softmax"))
    assert details == {"kind": "value", "what": "value", "function": "softmax"}


@pytest.mark.parametrize("kind, message, shown", [
    ("shape", "param has shape (3,), expected (3, 4)", "param has shape (3,), expected (3, 4)"),
    ("type", "param should be float 0.375, got str 'x'",
     "param has the wrong type: expected a number"),
    ("value", "param differs at index (2,): got 0.5, expected 0.375 (...)",
     HIDDEN_VALUE.format("param")),
])
def test_hidden_mismatch_messages_keep_the_rule_and_drop_the_values(kind, message, shown):
    from grader.judge.compare import Mismatch
    from grader.judge.plugin import _classify

    details = {"kind": kind, "what": "param[2]" if kind == "value" else "param",
               "expected_kind": "a number", "got": 0.5, "expected": 0.375, "index": [2],
               "shape": [3], "expected_shape": [3, 4]}
    error = Mismatch(message, details)

    class Info:
        value = error

    class Report:
        skipped = False

    outcome, text, kept = _classify(Info, Report, "hidden")
    assert (outcome, text) == ("failed", shown)
    assert not LEAKY & set(kept)
    _, public_text, public_details = _classify(Info, Report, "public")
    assert public_text == message and public_details["expected"] == 0.375


def test_a_forged_load_report_cannot_claim_an_internal_grader_error():
    result = grade(HOSTILE / "forged_load_report.py", "rmsprop",
                   time_limit_s=TOTAL_S, call_limit_s=CALL_S)
    assert (result.status, result.gradable, result.score) == ("import_error", False, 0)
