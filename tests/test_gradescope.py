"""`grade gradescope-zip`: Gradescope's own autograder (grader.reports.gradescope).

The zip is built with the command, unpacked into a folder laid out as Gradescope's
/autograder (source/, submission/, results/), and its run_autograder is run with this
environment's Python on a real submission; results.json is checked against Gradescope's
specification. setup.sh is never run here (it installs packages): it is checked with
`bash -n` and for what it installs.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

from grader.reports import gradescope, gradescope_results
from grader.cli import main
from grader.result import CaseResult, SubmissionResult

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = Path(__file__).parent / "submissions"
SPEC_VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}


def build(tmp_path: Path, *arguments: str) -> Path:
    target = tmp_path / "autograder.zip"
    outcome = CliRunner().invoke(main, ["gradescope-zip", *arguments, "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    return target


def autograder_root(tmp_path: Path, zip_path: Path, files: dict[str, Path]) -> Path:
    """A folder laid out as Gradescope's /autograder: the zip in source/, `files` in
    submission/ under the names given."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():  # extractall drops the modes
            os.chmod(root / "source" / info.filename, info.external_attr >> 16 & 0o777)
    (root / "submission").mkdir()
    for name, source in files.items():
        (root / "submission" / name).write_bytes(source.read_bytes())
    return root


def run_autograder(root: Path) -> dict:
    environment = dict(os.environ, AUTOGRADER_ROOT=str(root), TORCHGRADE_PYTHON=sys.executable)
    done = subprocess.run([str(root / "source" / "run_autograder")], env=environment,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_the_zip_has_gradescopes_layout_and_its_scripts_parse(tmp_path):
    target = build(tmp_path, "rmsprop")
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        setup = archive.read("setup.sh").decode()
        config = json.loads(archive.read(gradescope.CONFIG))
    assert names == {"setup.sh", "run_autograder", gradescope.CONFIG}
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    root = autograder_root(tmp_path, target, {})
    for script in ("setup.sh", "run_autograder"):
        subprocess.run(["bash", "-n", str(root / "source" / script)], check=True)
    assert "apt-get install" in setup and "bubblewrap" in setup
    assert f"--index-url {gradescope.TORCH_CPU_INDEX} torch" in setup
    assert "torchgrade==" in setup
    assert config["exercises"] == ["rmsprop"] and config["hidden_visibility"] == "after_published"


def test_run_autograder_grades_the_submission_into_results_json(tmp_path):
    root = autograder_root(tmp_path, build(tmp_path, "rmsprop"),
                           {"homework 3 final.py": SUBMISSIONS / "rmsprop" / "eps_inside_sqrt.py"})
    results = run_autograder(root)

    assert set(results) >= {"score", "output", "tests", "stdout_visibility"}
    assert results["stdout_visibility"] == "hidden"
    tests = results["tests"]
    assert tests and all(set(test) >= {"name", "score", "max_score", "status", "output",
                                       "visibility"} for test in tests)
    assert {test["visibility"] for test in tests} <= SPEC_VISIBILITIES
    assert results["score"] == sum(test["score"] for test in tests)
    assert 0 < results["score"] < sum(test["max_score"] for test in tests)
    failed = [test for test in tests if test["status"] == "failed"]
    # The mistake (eps inside the square root) is caught by hidden tests only.
    assert failed and {test["visibility"] for test in failed} == {"after_published"}
    assert "eps inside the square root" in results["output"]
    assert {test["visibility"] for test in tests} == {"visible", "after_published"}


def test_a_missing_or_linked_submission_is_a_zero_with_the_reason(tmp_path):
    root = autograder_root(tmp_path, build(tmp_path, "rmsprop"), {})
    (root / "submission" / "rmsprop.py").symlink_to(ROOT / "solutions" / "rmsprop.py")
    results = run_autograder(root)
    assert results["score"] == 0 and len(results["tests"]) == 1
    assert "no submission file for rmsprop" in results["tests"][0]["output"]
    assert results["tests"][0]["max_score"] == 10


def test_hidden_tests_take_the_visibility_asked_for_never_visible():
    result = SubmissionResult(
        exercise="rmsprop", file="rmsprop.py", sha256="0" * 64, score=1, max_score=3,
        status="graded", gradable=True, tests=[
            CaseResult("test_public", 1, 2, "failed", "public"),
            CaseResult("test_hidden", 0, 1, "failed", "hidden")])
    for visibility in gradescope.HIDDEN_VISIBILITIES:
        exported = gradescope_results.gradescope_json(result, hidden_visibility=visibility)
        assert [test["visibility"] for test in exported["tests"]] == ["visible", visibility]
    assert gradescope_results.gradescope_json(result)["tests"][1]["visibility"] == "after_published"


def test_the_options_reach_the_zip(tmp_path):
    wheel = tmp_path / "torchgrade-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"not really a wheel")
    target = build(tmp_path, "rmsprop", "adam", "--hidden-visibility", "hidden",
                   "--package", str(wheel))
    with zipfile.ZipFile(target) as archive:
        assert wheel.name in archive.namelist()
        assert f"/autograder/source/'{wheel.name}'" in archive.read("setup.sh").decode()
        config = json.loads(archive.read(gradescope.CONFIG))
    assert config["exercises"] == ["rmsprop", "adam"] and config["hidden_visibility"] == "hidden"


def test_bad_requests_are_one_line_errors_with_exit_code_2(tmp_path):
    runner = CliRunner()
    (tmp_path / "taken.zip").write_text("mine")
    for arguments in (["nosuchexercise"], ["rmsprop", "-o", str(tmp_path / "taken.zip")],
                      ["rmsprop", "--package", "torchgrade; rm -rf /"],
                      ["rmsprop", "--hidden-visibility", "visible"], []):
        outcome = runner.invoke(main, ["gradescope-zip", *arguments])
        assert outcome.exit_code == 2, (arguments, outcome.output)
        assert "Traceback" not in outcome.output
    assert (tmp_path / "taken.zip").read_text() == "mine"


def test_a_course_folders_exercise_is_bundled_and_graded_with_it(tmp_path, monkeypatch):
    sample = Path(__file__).parent / "courses" / "sample"
    monkeypatch.setenv("TORCHGRADE_COURSE", "")  # restored afterwards: --course sets it
    target = tmp_path / "autograder.zip"
    outcome = CliRunner().invoke(main, ["--course", str(sample), "gradescope-zip", "softplus",
                                        "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    with zipfile.ZipFile(target) as archive:
        assert "courses/1/solutions/softplus.py" in archive.namelist()
    root = autograder_root(tmp_path, target,
                           {"softplus.py": sample / "solutions" / "softplus.py"})
    monkeypatch.delenv("TORCHGRADE_COURSE")  # the zip alone must name the course
    results = run_autograder(root)
    assert results["tests"] and results["score"] == sum(t["max_score"] for t in results["tests"])
