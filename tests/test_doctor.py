"""`grade doctor` reports the protections this machine really gives."""

import json

from click.testing import CliRunner

from grader import sandbox
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
