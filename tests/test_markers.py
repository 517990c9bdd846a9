"""The suite markers are registered in any pytest session that imports a suite.

A fresh pytest run in a bare folder (no ini file, so none of this project's settings)
under --strict-markers collects a test module that imports a bundled suite and an
author's own suite module. Without the `torchgrade` pytest11 entry point the same run
fails: the check below is the registration, not pytest's leniency.
"""

import os
import subprocess
import sys
import textwrap

import pytest

AUTHOR_SUITE = '''
import pytest

@pytest.mark.public
@pytest.mark.points(2)
def test_graded(check):
    """Graded by `grade`; here only collected."""

@pytest.mark.hidden
def test_hidden(check):
    """Hidden by `grade`; here only collected."""
'''

TEST_MODULE = '''
from grader.suites import rmsprop
import my_suite

def test_suites_import():
    assert rmsprop.test_one_step_default_hyperparameters.pytestmark
    assert {mark.name for mark in my_suite.test_graded.pytestmark} == {"public", "points"}
'''


def _pytest_in(folder, *options):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_PLUGINS")}
    command = [sys.executable, "-m", "pytest", "-q", "--strict-markers",
               "-p", "no:cacheprovider", *options, "test_imports_suites.py"]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def bare_folder(tmp_path):
    (tmp_path / "my_suite.py").write_text(textwrap.dedent(AUTHOR_SUITE))
    (tmp_path / "test_imports_suites.py").write_text(textwrap.dedent(TEST_MODULE))
    return tmp_path


def test_a_test_module_importing_suites_passes_strict_markers(bare_folder):
    run = _pytest_in(bare_folder)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_without_the_entry_point_the_same_run_fails(bare_folder):
    run = _pytest_in(bare_folder, "-p", "no:torchgrade")
    assert run.returncode != 0
    assert "not found in `markers` configuration option" in run.stdout + run.stderr
