"""`checker.forbidden_verdict`: the trusted source verdict decides; the worker's
tripwire report can add a failure but never clear one."""

from pathlib import Path

from grader.judge.checker import forbidden_verdict
from grader.judge.forbidden_static import analyse

SOURCE = """
import torch
from torch import sigmoid as squash

def sigmoid(x):
    return squash(x)

def relu(x):
    return torch.clamp(x, min=0)
"""
FOUND = analyse(SOURCE, "activations", ("sigmoid", "relu"))


def test_the_source_verdict_names_the_call_even_when_the_worker_saw_nothing():
    api, message = forbidden_verdict(FOUND, {"name": "sigmoid"}, {"forbidden": []})
    assert api == "torch.sigmoid"
    assert message.startswith("your code uses torch.sigmoid in `sigmoid` (line 6)")


def test_a_clean_function_passes_and_the_worker_can_still_add_a_failure():
    assert forbidden_verdict(FOUND, {"name": "relu"}, {"forbidden": []}) == ("", "")
    api, message = forbidden_verdict(FOUND, {"name": "relu"},
                                     {"forbidden": ["torch.relu"]})
    assert api == "torch.relu" and "torch.relu, which this exercise forbids" in message


def test_a_function_outside_the_scope_is_not_judged_by_the_source():
    assert forbidden_verdict(FOUND, {"name": "helper"}, {}) == ("", "")


def test_a_harness_without_a_name_is_judged_on_every_function_in_scope():
    found = analyse("import torch\ndef rmsprop_step(p, g, s):\n    torch.optim.SGD([p], lr=1)\n",
                    "optimizers", ("rmsprop_step",))
    api, message = forbidden_verdict(found, {"stem": "rmsprop"}, {})
    assert api == "torch.optim.SGD" and "in `rmsprop_step` (line 3)" in message


def test_patching_the_comparisons_at_import_is_evasion():
    text = (Path(__file__).parent / "hostile" / "monkeypatch_comparisons.py").read_text()
    findings = analyse(text, "optimizers", ("rmsprop_step",))["rmsprop_step"]
    assert findings and all(finding.evasion for finding in findings)
    assert "changes a library with `torch.allclose" in findings[0].sentence("rmsprop_step")
