"""`grade doctor` reports the protections this machine really gives."""

import json
import os

import pytest

from click.testing import CliRunner

from grader.engine import sandbox
from grader.cli import main


def run(*args, env=None):
    return CliRunner().invoke(main, ["doctor", *args], env=env)


def test_doctor_names_the_sandbox_mode_that_grading_uses():
    result = run("--json")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    assert facts["sandbox"]["value"].startswith(sandbox.mode())
    assert facts["sandbox"]["ok"] == (sandbox.mode() == sandbox.BUBBLEWRAP)
    assert "GPU" in facts and "torch" in facts and "worker limits" in facts


def test_forced_fallback_is_a_warning_that_says_why(monkeypatch):
    monkeypatch.setenv("TORCHGRADE_SANDBOX", "rlimits")
    sandbox.mode.cache_clear()
    try:
        result = run()
    finally:
        monkeypatch.delenv("TORCHGRADE_SANDBOX")
        sandbox.mode.cache_clear()
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if " sandbox " in line)
    assert line.startswith("warn") and "TORCHGRADE_SANDBOX=rlimits" in line


def test_limits_line_says_which_limits_really_apply(monkeypatch):
    monkeypatch.setenv("TORCHGRADE_SANDBOX", "rlimits")
    sandbox.mode.cache_clear()
    try:
        facts = json.loads(run("--json").output)
        capped = sandbox.own_uids() or os.getuid() != 0
    finally:
        monkeypatch.delenv("TORCHGRADE_SANDBOX")
        sandbox.mode.cache_clear()
    limits = facts["worker limits"]["value"]
    assert "for all its processes together" in limits
    if capped:
        assert "processes and threads" in limits and facts["worker limits"]["ok"]
    else:  # root, and the Python environment is unreadable to other uids
        assert "no process cap" in limits and "256" not in limits
        assert not facts["worker limits"]["ok"]
    assert facts["worker processes"]["value"].startswith("no PID namespace")
    assert not facts["worker processes"]["ok"]


def test_bubblewrap_workers_are_reported_in_their_own_pid_namespace():
    if sandbox.mode() != sandbox.BUBBLEWRAP:
        pytest.skip("needs the bubblewrap sandbox")
    facts = json.loads(run("--json").output)
    assert facts["worker processes"]["value"].startswith("a PID namespace per worker")
