"""The tests the five optimizer-rule suites share (momentum, adagrad, rmsprop, adadelta,
adam), run in the trusted process: `random_steps` builds inputs for the harness
`optim.rule_steps`, `check_in_place` and `check_shapes` judge one property alone (in
place and None returned; shapes, dtypes and change), never the values. The harnesses
themselves run inside the worker (grader.engine.worker_side.harness.optim).
"""

from __future__ import annotations

import torch

from grader.engine.worker_side.harness.optim import RULES, Rule
from grader.judge.compare import Mismatch


def random_steps(stem: str, seed: int, shape: tuple, count: int, scale: float = 1.0,
                 dtype: torch.dtype = torch.float32) -> dict:
    """Inputs for `rule_steps` (built by suites): a seeded random `param` of `shape` and
    `count` gradients scaled by `scale`."""
    generator = torch.Generator().manual_seed(seed)
    param = torch.randn(shape, generator=generator, dtype=dtype)
    grads = [scale * torch.randn(shape, generator=generator, dtype=dtype) for _ in range(count)]
    return {"stem": stem, "param": param, "grads": grads}


def check_in_place(check, stem: str, seed: int = 2) -> None:
    """The in-place test of a rule exercise (run by its suite in the trusted process):
    the caller's param and state tensors all change, and the rule returns None.
    Only these facts are judged, never the values."""
    rule = RULES[stem]
    generator = torch.Generator().manual_seed(seed)
    inputs = {"stem": stem, "param": torch.randn(5, generator=generator),
              "grad": torch.randn(5, generator=generator)}
    try:
        student, _ = check.same("optim.in_place", inputs, rtol=0, atol=0,
                                outputs=("updated_in_place", "finite"))
    except Mismatch as mismatch:
        if str(mismatch).startswith("finite"):
            raise
        raise Mismatch(_unchanged_message(_last_flags(check), rule), mismatch.details) \
            from None
    assert student["returned_none"], (
        f"{rule.function} should return None: it changes "
        f"{' and '.join(('param',) + rule.state)} in place (the caller already holds them)")


def _last_flags(check) -> dict:
    """The student's `updated_in_place` answer in the comparison `check.same` has just
    recorded (it raised before returning the answers)."""
    flags = check.suite_run.comparisons[-1].student.get("updated_in_place")
    return flags if isinstance(flags, dict) else {}


def _unchanged_message(flags: dict, rule: Rule) -> str:
    names = ("param",) + rule.state
    unchanged = [name for name in names if flags.get(name) is not True]
    if len(unchanged) == len(names):
        said = f"none of {', '.join(names)} changed: your rule changed none of the caller's tensors"
    else:
        said = f"{' and '.join(unchanged)} kept {'its' if len(unchanged) == 1 else 'their'} old values"
    return (f"after one call to {rule.function}, {said}. Assigning `{unchanged[0]} = ...` "
            f"inside the function only rebinds a local name; change the caller's tensor "
            f"in place: `{unchanged[0]} -= ...`, `{unchanged[0]}.sub_(...)`, "
            f"`{unchanged[0]}.copy_(...)`")


def check_shapes(check, stem: str, cases: list[tuple[str, dict]]) -> None:
    """The shapes test of a rule exercise: for each (label, rule_steps inputs), the
    rule runs on the caller's tensors of that shape and dtype, keeps their shapes and
    dtypes and changes them to finite numbers. Only that is judged, never the values."""
    for label, inputs in cases:
        try:
            check.same("optim.step_forms", inputs, rtol=0, atol=0,
                       outputs=("shapes", "dtypes", "changed", "finite"))
        except Mismatch as mismatch:
            raise Mismatch(f"on {label}: {mismatch} (the rule works on tensors of any "
                           f"shape and dtype, and changes them in place)",
                           mismatch.details) from None
