"""Bad and hostile submissions: each gets the right verdict and the grader survives.

Limits are shortened here (whole submission 12 s, each call 3 s) so the suite stays
quick; the bounds asserted are the limit plus 2 s, as promised to students.
"""

import time
from pathlib import Path

import pytest

from grader.judge.runner import grade

HOSTILE = Path(__file__).parent / "hostile"
TOTAL_S, CALL_S = 12.0, 3.0


def grade_hostile(name: str, judge_source: bool = True):
    """`judge_source=False` for attacks on the worker boundary that the trusted source
    verdict would otherwise fail first (as evasion), hiding what the test proves."""
    started = time.monotonic()
    result = grade(HOSTILE / name, "rmsprop", time_limit_s=TOTAL_S, call_limit_s=CALL_S,
                   judge_source=judge_source)
    return result, time.monotonic() - started


def outcomes(result) -> dict[str, str]:
    return {case.name: case.outcome for case in result.tests}


def test_syntax_error_names_the_line_with_a_caret():
    result, _ = grade_hostile("syntax_error.py")
    assert (result.status, result.gradable, result.score) == ("syntax_error", False, 0)
    assert "line 3" in result.message and "^" in result.message


def test_missing_module_is_an_import_error_naming_it():
    result, _ = grade_hostile("missing_module.py")
    assert (result.status, result.gradable) == ("import_error", False)
    assert "d2l_helpers_that_do_not_exist" in result.message


def test_empty_file_is_graded_with_not_defined_messages():
    result, _ = grade_hostile("empty.py")
    assert (result.status, result.gradable, result.score) == ("graded", True, 0)
    assert all(case.message == "`rmsprop_step` is not defined in your file"
               for case in result.tests)


def test_undecodable_bytes_are_a_syntax_error_not_a_crash():
    result, _ = grade_hostile("non_utf8.py")
    assert (result.status, result.gradable) == ("syntax_error", False)
    assert "decode" in result.message


@pytest.mark.parametrize("name", ["latin1_declared.py", "utf8_bom.py", "plot_and_demo.py"])
def test_encodings_and_course_script_demo_code_are_fine(name):
    result, _ = grade_hostile(name)
    assert (result.status, result.score) == ("graded", 10), result.message


def test_infinite_loop_at_import_times_out_within_the_limit():
    result, seconds = grade_hostile("loop_at_import.py")
    assert (result.status, result.gradable) == ("timeout", False)
    assert seconds <= TOTAL_S + 2 + 3  # + zygote start, which is not the student's time


def test_loop_in_one_function_costs_only_that_test():
    result, _ = grade_hostile("loop_in_tiny_gradients.py")
    assert outcomes(result)["test_tiny_gradients_where_eps_matters"] == "timeout"
    passed = [name for name, outcome in outcomes(result).items() if outcome == "passed"]
    assert len(passed) == len(result.tests) - 1
    assert result.score == result.max_score - 2


def test_sys_exit_at_import_is_crashed():
    result, _ = grade_hostile("sys_exit_at_import.py")
    assert (result.status, result.gradable) == ("crashed", False)
    assert "sys.exit(0)" in result.message


def test_os_exit_inside_a_function_fails_only_that_test():
    result, _ = grade_hostile("os_exit_in_function.py")
    assert result.status == "graded"
    assert outcomes(result)["test_scalar_and_float64"] == "error"
    assert "exited with code 0" in result.tests[4].message
    assert result.score == result.max_score - 1


def test_segfault_is_reported_with_its_signal():
    result, _ = grade_hostile("segfault.py")
    assert result.status == "graded" and result.score == 0
    assert all("SIGSEGV" in case.message for case in result.tests)


def test_monkeypatched_comparisons_forge_nothing():
    result, _ = grade_hostile("monkeypatch_comparisons.py", judge_source=False)
    assert result.score == 0
    assert all(case.outcome == "failed" for case in result.tests)


def test_lying_tensor_subclass_is_judged_on_its_values():
    result, _ = grade_hostile("lying_tensor_subclass.py")
    assert result.score == 0
    assert "differs" in result.tests[0].message


def test_print_flood_is_capped_and_counted():
    result, _ = grade_hostile("print_flood.py")
    assert (result.status, result.score) == ("graded", 10)
    assert len(result.output) <= 64 * 1024
    assert result.output_truncated_bytes >= 199_000_000


def test_memory_bomb_is_bounded():
    result, seconds = grade_hostile("memory_bomb.py")
    assert result.score == 0
    assert all(case.outcome in ("error", "timeout") for case in result.tests)
    assert seconds <= TOTAL_S + 2 + 3


def test_grader_still_works_after_all_that():
    result = grade(Path(__file__).parent.parent / "solutions" / "rmsprop.py", "rmsprop")
    assert result.score == 10


# ---- the sandbox and the trust boundary ----------------------------------------------

from grader.engine import sandbox  # noqa: E402

needs_sandbox = pytest.mark.skipif(
    sandbox.mode() != sandbox.BUBBLEWRAP,
    reason="needs the bubblewrap sandbox (rlimits mode cannot hide files or the network)")


def processes_named(name: str) -> int:
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == name:
                count += 1
        except OSError:
            pass
    return count


def test_sleep_forever_at_import_times_out():
    result, seconds = grade_hostile("sleep_forever.py")
    assert (result.status, result.gradable) == ("timeout", False)
    assert seconds <= TOTAL_S + 2 + 3


def test_capped_fork_bomb_is_contained_and_its_children_reaped():
    result, seconds = grade_hostile("fork_bomb.py")
    assert (result.status, result.score) == ("graded", 10)
    assert seconds <= TOTAL_S + 2 + 3
    time.sleep(1)
    assert processes_named("tg-forkbomb") == 0, "the bomb's sleeping children survived"


def test_system_exit_and_keyboard_interrupt_in_a_call_fail_only_their_tests():
    result, _ = grade_hostile("raises_exit_and_interrupt.py")
    assert result.status == "graded" and result.score == result.max_score - 3
    assert "SystemExit" in result.tests[4].message
    assert "KeyboardInterrupt" in result.tests[3].message


def test_killing_itself_fails_only_that_test():
    result, _ = grade_hostile("kill_self.py")
    assert result.score == result.max_score - 1
    assert "SIGKILL" in result.tests[4].message


@needs_sandbox
def test_killing_its_parents_harms_neither_the_grader_nor_the_next_student():
    result, _ = grade_hostile("kill_parent.py")
    # Its parent is the init of its PID namespace, whose parent it sees as pid 0: the
    # kill(0) meant for a grandparent ends its own process group, never ours.
    assert result.status in ("graded", "crashed") and result.score == 0
    after = grade(Path(__file__).parent.parent / "solutions" / "rmsprop.py", "rmsprop")
    assert (after.status, after.score) == ("graded", 10)


@needs_sandbox
def test_the_reference_is_nowhere_to_be_found_from_the_sandbox():
    result, _ = grade_hostile("steal_reference.py", judge_source=False)
    assert result.sandbox == "bubblewrap"
    assert result.score == 0, "the submission found and used the reference"
    assert all(case.outcome == "failed" for case in result.tests)


@needs_sandbox  # without it, a root worker would really litter every parent folder
def test_forged_result_files_change_nothing():
    result, _ = grade_hostile("forged_results.py")
    assert result.score == 0
    for folder in (HOSTILE, Path("/tmp"), Path.cwd()):
        assert not (folder / "torchgrade-forged-result.json").exists()


def test_recursion_bomb_is_bounded():
    result, seconds = grade_hostile("recursion_bomb.py")
    assert result.score == 0
    assert all(case.outcome in ("error", "timeout") for case in result.tests)
    assert seconds <= TOTAL_S + 2 + 3


def test_nan_huge_and_expanded_answers_are_failed_or_refused():
    result, _ = grade_hostile("nan_and_huge_answers.py")
    assert result.score == 0
    messages = {case.name: case.message for case in result.tests}
    assert "got nan" in messages["test_one_step_default_hyperparameters"]
    assert "refused" in messages["test_several_steps_param_and_state"]
    assert "elements" in messages["test_several_steps_param_and_state"]
    outcomes = {case.name: case.outcome for case in result.tests}
    assert outcomes["test_tiny_gradients_where_eps_matters"] in ("error", "timeout")


def test_malicious_pickle_on_the_channel_is_refused_and_never_runs():
    marker = Path("/tmp/torchgrade-pickle-ran")
    marker.unlink(missing_ok=True)
    result, _ = grade_hostile("malicious_pickle.py")
    assert result.score == 0
    assert all("could not be read safely" in case.message for case in result.tests)
    assert not marker.exists()


@needs_sandbox
def test_no_network_from_the_sandbox(tmp_path):
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        source = (HOSTILE / "network.py").read_text().replace("PORT = 0", f"PORT = {port}")
        submission = tmp_path / "network.py"
        submission.write_text(source)
        started = time.monotonic()
        result = grade(submission, "rmsprop", time_limit_s=TOTAL_S, call_limit_s=CALL_S)
    assert (result.status, result.score) == ("graded", 10), "a connection succeeded"
    assert time.monotonic() - started <= TOTAL_S + 2 + 3
