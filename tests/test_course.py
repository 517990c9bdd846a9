"""Course folders and packs: listed, graded, validated; and `grade new` scaffolding."""

import csv
import importlib.metadata
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import catalog
from grader.catalog import course
from grader.engine import sandbox
from grader.cli import main

TESTS = Path(__file__).parent
SAMPLE = TESTS / "courses" / "sample"
STUDENTS = TESTS / "courses" / "sample_students"


@pytest.fixture
def course_env(monkeypatch):
    """No course unless a test names one; whatever the CLI sets is undone afterwards."""
    monkeypatch.setenv(course.ENV_VAR, "")


def _grade(*arguments) -> dict:
    result = CliRunner().invoke(main, ["--course", str(SAMPLE), "submit", *arguments, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_list_shows_where_each_exercise_comes_from(course_env):
    built_ins = len(catalog.stems())
    result = CliRunner().invoke(main, ["--course", str(SAMPLE), "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["stem"]: row for row in json.loads(result.output)}
    assert rows["softplus"]["origin"] == f"course {SAMPLE.resolve()}"
    assert rows["softplus"]["concept"] == "A numerically stable softplus"
    assert rows["softplus"]["names"] == ["softplus"]
    assert rows["rmsprop"]["origin"] == f"course {SAMPLE.resolve()} (overrides built-in)"
    assert rows["rmsprop"]["concept"] == "RMSprop update rule (course version)"
    assert rows["adam"]["origin"] == "built-in" and len(rows) == built_ins + 1
    text = CliRunner().invoke(main, ["--course", str(SAMPLE), "list"]).output
    assert "softplus" in text and "(overrides built-in)" in text


def test_new_exercise_is_graded_and_its_mistake_named(course_env):
    reference = _grade(str(SAMPLE / "solutions" / "softplus.py"))
    assert reference["score"] == 10 and reference["misconceptions"] == []
    correct = _grade(str(STUDENTS / "hw2_softplus.py"))
    assert correct["exercise"] == "softplus" and correct["score"] == 10
    naive = _grade(str(STUDENTS / "hw1_softplus.py"))
    assert naive["score"] == 6
    assert [item["id"] for item in naive["misconceptions"]] == ["softplus.overflows"]


def test_override_grades_a_builtin_stem_with_the_course_suite(course_env):
    result = _grade(str(TESTS / "submissions" / "rmsprop" / "eps_inside_sqrt.py"), "-e", "rmsprop")
    assert [case["name"] for case in result["tests"]] == ["test_ten_steps",
                                                          "test_tiny_gradients"]
    assert result["score"] == 6  # the course's points, the built-in mutants' diagnosis
    assert [item["id"] for item in result["misconceptions"]] == ["rmsprop.eps_inside_sqrt"]


def test_sample_course_validates(course_env):
    result = CliRunner().invoke(main, ["--course", str(SAMPLE), "validate", "softplus",
                                       "rmsprop"])
    assert result.exit_code == 0, result.output
    assert "all 2 exercises passed every check" in result.output
    rows = [line for line in result.output.splitlines() if line.startswith("rmsprop ")]
    assert "8 named" in rows[0] and "(overrides built-in)" in rows[0]


def test_environment_variable_and_file_by_file_override(course_env, monkeypatch):
    monkeypatch.setenv(course.ENV_VAR, str(SAMPLE))
    files = catalog.files("rmsprop")
    assert files.suite == SAMPLE.resolve() / "suites" / "rmsprop.py"
    assert files.stub == SAMPLE.resolve() / "exercises" / "rmsprop.py"
    assert files.built_in["solutions"] and files.built_in["mutants"]  # not shipped: built-in
    assert catalog.stem_for_file("hw3_softplus.py") == "softplus"
    assert catalog.reference("softplus").softplus.__module__.startswith("torchgrade_course_")
    monkeypatch.setenv(course.ENV_VAR, "")
    with pytest.raises(catalog.UnknownExercise):
        catalog.get("softplus")


def test_installed_pack_is_found_through_its_entry_point(course_env, monkeypatch, tmp_path):
    pack = tmp_path / "demo_pack"
    shutil.copytree(SAMPLE, pack)
    (pack / "__init__.py").write_text('"""A course pack: its folder is the course."""\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = importlib.metadata.EntryPoint("demo", "demo_pack", course.ENTRY_POINT_GROUP)
    monkeypatch.setattr(course.importlib.metadata, "entry_points",
                        lambda group: [entry] if group == course.ENTRY_POINT_GROUP else [])
    course.packs.cache_clear()
    try:
        assert catalog.get("softplus").origin == "pack demo"
        assert str((pack / "solutions").resolve()) in course.secret_dirs()
    finally:
        course.packs.cache_clear()


def test_sandbox_hides_a_course_s_answers_but_not_its_stubs(course_env, monkeypatch, tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "course")
    monkeypatch.setenv(course.ENV_VAR, str(tmp_path / "course"))
    monkeypatch.setattr(sandbox, "_python_dirs", lambda: [str(tmp_path)])
    arguments = sandbox.wrap(["true"])
    hidden = {arguments[i + 1] for i, value in enumerate(arguments) if value == "--tmpfs"}
    root = (tmp_path / "course").resolve()
    assert {str(root / kind) for kind in ("solutions", "suites", "mutants")} <= hidden
    assert str(root / "exercises") not in hidden


@pytest.mark.parametrize("arguments, message", [
    (["--course", "{tmp}", "list"], "is not a course folder"),
    (["--course", "{bad}", "list"], "has unknown key 'pointz'"),
    (["--course", "{badgroup}", "list"], "forbid = 'activation' is not a forbidden-API group"),
])
def test_unusable_course_is_a_usage_error(course_env, tmp_path, arguments, message):
    bad = tmp_path / "bad"
    (bad / "suites").mkdir(parents=True)
    (bad / "course.toml").write_text("[exercises.x]\npointz = 3\n")
    badgroup = tmp_path / "badgroup"
    (badgroup / "suites").mkdir(parents=True)
    (badgroup / "course.toml").write_text('[exercises.x]\nforbid = "activation"\n')
    arguments = [a.format(tmp=tmp_path, bad=bad, badgroup=badgroup) for a in arguments]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2 and message in result.output


def test_new_then_validate(course_env, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["new", "cube", "--course", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for kind in ("exercises", "solutions", "suites", "mutants"):
        assert (tmp_path / kind / "cube.py").is_file()
    assert "[exercises.cube]" in (tmp_path / "course.toml").read_text()
    # fill it in: the reference computes x ** 3, and one named mistake
    solution = tmp_path / "solutions" / "cube.py"
    solution.write_text(solution.read_text().replace("return x * x", "return x ** 3"))
    (tmp_path / "mutants" / "cube.py").write_text(
        "from grader.judge.diagnose import Mutant\n\n\n"
        "def _square(x):\n    return x * x\n\n\n"
        "MUTANTS = [Mutant('cube.square', 'x * x instead of x ** 3', 'a cube multiplies "
        "x three times.', {'cube': _square})]\n")
    result = runner.invoke(main, ["--course", str(tmp_path), "validate", "cube"])
    assert result.exit_code == 0, result.output
    assert "1 named" in result.output and "all 1 exercises passed" in result.output
    again = runner.invoke(main, ["new", "cube", "--course", str(tmp_path)])
    assert again.exit_code == 2 and "already exist" in again.output


@pytest.mark.parametrize("stem", ["Cube", "class", "2d", "my-ex"])
def test_new_refuses_a_stem_that_cannot_name_a_function(course_env, tmp_path, stem):
    result = CliRunner().invoke(main, ["new", stem, "--course", str(tmp_path)])
    assert result.exit_code == 2 and "cannot be a stem" in result.output


def test_course_forbidden_apis_are_judged_from_the_source(course_env, tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "course")
    toml = tmp_path / "course" / "course.toml"
    toml.write_text(toml.read_text().replace(
        'points = 10', 'points = 10\nforbid = "activations"\nforbid_in = ["softplus"]', 1))
    student = tmp_path / "hw3_softplus.py"
    student.write_text("from torch.nn.functional import softplus as smooth\n\n\n"
                       "def softplus(x, beta=1.0):\n    return smooth(x, beta=beta)\n")
    result = CliRunner().invoke(main, ["--course", str(tmp_path / "course"), "submit",
                                       str(student), "--json"])
    assert result.exit_code == 0, result.output
    graded = json.loads(result.output)
    assert graded["score"] == 0
    assert any("torch.nn.functional.softplus" in case["message"] for case in graded["tests"])


def test_a_batch_puts_a_course_exercise_in_the_gradebook(course_env, monkeypatch, tmp_path):
    from grader.classroom import batch

    monkeypatch.setenv(course.ENV_VAR, str(SAMPLE))
    (tmp_path / "class" / "ann").mkdir(parents=True)
    shutil.copy(STUDENTS / "hw2_softplus.py", tmp_path / "class" / "ann" / "softplus.py")
    outcome = batch.run(batch.BatchOptions(tmp_path / "class", tmp_path / "out", workers=1,
                                           progress=False))
    assert outcome.graded_now == 1
    rows = list(csv.DictReader(open(tmp_path / "out" / "gradebook.csv", encoding="utf-8")))
    assert [(row["Student"], float(row["softplus"])) for row in rows] == [("ann", 10.0)]
    assert (tmp_path / "out" / "students" / "ann" / "softplus.html").is_file()


def test_the_batch_fingerprint_follows_the_course_files_in_use(course_env, monkeypatch,
                                                                tmp_path):
    from grader.classroom import fingerprint

    built_in = fingerprint._code_digest("rmsprop").hexdigest()
    shutil.copytree(SAMPLE, tmp_path / "course")
    monkeypatch.setenv(course.ENV_VAR, str(tmp_path / "course"))
    overridden = fingerprint._code_digest("rmsprop").hexdigest()  # the course's own suite
    assert overridden != built_in
    before = fingerprint._code_digest("softplus").hexdigest()
    suite = tmp_path / "course" / "suites" / "softplus.py"
    suite.write_text(suite.read_text() + "\n# an author's edit\n")
    assert fingerprint._code_digest("softplus").hexdigest() != before
