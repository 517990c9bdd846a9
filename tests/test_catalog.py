"""The one catalog: the built-in description (grader/course.toml) agrees with the files
that make the contract, and any course.toml says all an exercise carries, read in order
and checked key by key."""

import dataclasses

import pytest

from grader import catalog
from grader.catalog import course
from grader.engine.worker_side.warmup import LEVELS
from grader.catalog.forbidden_groups import RULES


@pytest.fixture(autouse=True)
def no_course(monkeypatch):
    """The built-ins alone, unless a test names a course."""
    monkeypatch.setenv(course.ENV_VAR, "")


def test_every_described_built_in_has_its_files_and_every_file_its_description():
    described = [stem for stem, _ in course.builtin().settings]
    assert described and course.builtin().stems() == described
    assert catalog.stems() == tuple(described)
    for stem in described:
        files = catalog.files(stem)
        assert files.missing() == [] and files.mutants is not None, stem
        assert all(files.built_in.values()) and files.origin == "built-in", stem


def test_the_names_are_the_stub_s_and_the_reference_defines_them():
    for exercise in catalog.exercises():
        files = catalog.files(exercise.stem)
        assert files.stub is not None and files.solution is not None
        assert len(set(exercise.names)) == len(exercise.names), exercise.stem
        assert set(exercise.names) == set(course.public_names(files.stub)), exercise.stem
        defined = vars(catalog.reference(exercise.stem))
        assert set(exercise.names) <= set(defined), exercise.stem


def test_the_built_in_settings_are_ones_the_grader_can_apply():
    for exercise in catalog.exercises():
        assert exercise.origin == "built-in" and exercise.concept, exercise.stem
        assert 0 < exercise.call_limit_s <= exercise.time_limit_s, exercise.stem
        assert exercise.warm in LEVELS, exercise.stem
        assert exercise.forbid in ("", *RULES), exercise.stem
        assert set(exercise.forbid_in) <= set(exercise.names), exercise.stem
        # a training exercise is stopped at its device's budget: it needs one per device
        assert exercise.training == bool(exercise.budgets_s), exercise.stem
        assert all(exercise.budget_s(device) for device in ("cpu", "cuda")) \
            or not exercise.training, exercise.stem


def test_course_toml_can_say_everything_an_exercise_carries():
    fields = {field.name for field in dataclasses.fields(catalog.Exercise)}
    assert set(course.SETTINGS) == fields - {"stem", "origin"}


FIT_TOML = """
[exercises.fit]
concept = "Fit a model"
names = ["fit"]
points = 5
time_limit_s = 60.0
call_limit_s = 30
training = true
warm = "full"
budgets_s = {cuda = 6, cpu = 9.5}
forbid = "optimizers"
forbid_in = ["fit"]
"""


def test_a_course_exercise_reads_every_key(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "fit.py").write_text(
        '"""Exercise: ignored, the table names the concept."""\n\n\ndef fit():\n    pass\n')
    (tmp_path / "course.toml").write_text(FIT_TOML)
    monkeypatch.setenv(course.ENV_VAR, str(tmp_path))
    assert catalog.get("fit") == catalog.Exercise(
        "fit", "Fit a model", ("fit",), 5, time_limit_s=60.0, call_limit_s=30,
        training=True, warm="full", budgets_s=(("cuda", 6), ("cpu", 9.5)),
        origin=f"course {tmp_path.resolve()}", forbid="optimizers", forbid_in=("fit",))
    assert catalog.get("fit").budget_s("cpu") == 9.5


def test_a_course_s_new_exercises_follow_its_tables_then_the_alphabet(tmp_path, monkeypatch):
    (tmp_path / "suites").mkdir()
    for stem in ("zeta", "beta", "mid", "alpha"):
        (tmp_path / "suites" / f"{stem}.py").write_text("")
    tables = "[exercises.zeta]\n[exercises.gone]\n[exercises.mid]\n"  # gone: no file
    (tmp_path / "course.toml").write_text(tables)
    built_ins = catalog.stems()
    monkeypatch.setenv(course.ENV_VAR, str(tmp_path))
    assert catalog.stems() == (*built_ins, "zeta", "mid", "alpha", "beta")


@pytest.mark.parametrize("line", ["training = 1", "points = true", 'budgets_s = {cpu = "1s"}',
                                  "budgets_s = [90.0]", 'names = "fit"'])
def test_a_value_of_the_wrong_type_is_named(tmp_path, line):
    (tmp_path / "suites").mkdir()
    (tmp_path / "course.toml").write_text(f"[exercises.fit]\n{line}\n")
    with pytest.raises(course.CourseError, match=r"\[exercises.fit\] .* has the wrong type"):
        course.folder_course(tmp_path)
