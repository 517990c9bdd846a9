"""`grade validate`: the built-in exercises pass; an unsound course fails, reason by reason."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from grader import catalog
from grader.authoring import validate
from grader.catalog import course
from grader.authoring.validate import checks, interface, mutants, table
from grader.cli import main
from grader.judge.diagnose import Mutant

COURSES = Path(__file__).parent / "courses"
UNSOUND = COURSES / "unsound"


@pytest.fixture
def course_env(monkeypatch):
    """No course unless a test names one; whatever the CLI sets is undone afterwards."""
    monkeypatch.setenv(course.ENV_VAR, "")


@pytest.mark.parametrize("stem", catalog.stems())
def test_static_checks_pass_for_every_builtin(stem, course_env):
    """Interface, markers and points, mutant declarations: fast, for all 16."""
    report = validate.validate_exercise(catalog.get(stem), static_only=True)
    assert [check.name for check in report.checks] == list(checks.STATIC)
    assert report.ok, table.reasons_text([report])


@pytest.mark.parametrize("stem", ["rmsprop", "linear_model", "activations"])
def test_every_check_passes_for_builtin_rule_exercises(stem, course_env):
    report = validate.validate_exercise(catalog.get(stem))
    assert report.ok, table.reasons_text([report])
    assert [check.name for check in report.checks] == list(checks.CHECKS)
    assert all(check.ok for check in report.checks)
    if stem == "rmsprop":
        assert report.check("mutants").summary == "8 named"
        assert report.check("separated").summary == "26 pairs"


def test_unsound_course_fails_with_each_reason_named(course_env):
    result = CliRunner().invoke(main, ["--course", str(UNSOUND), "validate", "leaky",
                                       "pointless", "blind", "wrong_reference"])
    assert result.exit_code == 1, result.output
    expected = [
        "stub: the stub earns 10 points (test_double): it leaks the answer",
        "markers: test_negate_again has no points marker",
        "markers: the points sum to 8, the catalog says 10",
        "mutants: blind.identity still gets full marks: no test catches this mistake",
        "separated: blind.identity gives the reference's answers on every input",
        "separated: blind.plus_one and blind.abs_plus_one give the same answers on every "
        "input of the suite",
        "mutants: blind.plus_one is named ['blind.abs_plus_one', 'blind.plus_one']",
        "reference: test_keeps_float64 failed: keep the dtype of x (float64)",
    ]
    for reason in expected:
        assert reason in result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:5]}
    assert all(" FAIL " in rows[stem] for stem in ("leaky", "pointless", "blind",
                                                    "wrong_reference"))
    assert "4 of 4 exercises fell short" in result.output


def test_unknown_stem_is_a_usage_error(course_env):
    result = CliRunner().invoke(main, ["validate", "rmsprob"])
    assert result.exit_code == 2
    assert "Did you mean: rmsprop" in result.output


def test_static_flag_grades_nothing_and_json_has_every_row(course_env):
    result = CliRunner().invoke(main, ["validate", "--static", "--json", "adam", "mlp"])
    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.output)
    assert [row["stem"] for row in rows] == ["adam", "mlp"] and all(row["ok"] for row in rows)
    assert {check["name"] for check in rows[0]["checks"]} == set(checks.STATIC)


def test_signature_differences_are_named():
    def stub(x, beta=1.0): ...
    def solution(x, beta=2.0): ...
    reasons = interface._signature_differences("softplus", stub, solution)
    assert reasons == ["`softplus` has signature (x, beta=1.0) in the stub but "
                       "(x, beta=2.0) in the solution"]


def test_mutant_source_rebuilds_the_mutant_as_one_file():
    mutant = next(m for m in catalog.mutants("rmsprop") if m.id == "rmsprop.eps_inside_sqrt")
    source = mutants.mutant_source(mutant, catalog.files("rmsprop").solution)
    namespace: dict = {"__name__": "submission"}
    exec(compile(source, "rmsprop.py", "exec"), namespace)
    assert namespace["rmsprop_step"].__name__ == "_eps_inside_sqrt"
    assert "def rmsprop_step" in source  # the reference's own, then rebound


def test_a_mutant_that_can_only_show_on_the_gpu_is_a_note_on_cpu():
    mutant = Mutant("mlp.not_on_device", "off the device", "hint", {"train": len},
                    devices=("cuda",))
    graded = {mutant.id: (mutant, SimpleNamespace(device="cpu", misconceptions=[]))}
    assert "can show only on cuda; graded on cpu" in mutants.only_elsewhere(graded)[mutant.id]
    on_gpu = {mutant.id: (mutant, SimpleNamespace(device="cuda:0", misconceptions=[]))}
    assert mutants.only_elsewhere(on_gpu) == {}
