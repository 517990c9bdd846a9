"""Harnesses: the trusted code that exercises an implementation and reports answers.

A harness is a function `harness(impl, **inputs) -> dict` where `impl` is the module
under test: the student's module inside the worker, or the reference (or one of its
mutants) in the trusted process. Running the very same harness on both sides is what
makes answers comparable, and what lets diagnosis replay a mutant on the inputs the
student saw. Harnesses hold no answers; they are named `"<module>.<function>"`, e.g.
`"calls.call"` or `"optim.rule_steps"`.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

class MissingName(Exception):
    """The implementation does not define a name the exercise requires."""

    def __init__(self, name: str):
        super().__init__(f"`{name}` is not defined in your file")
        self.name = name


def require(impl: Any, name: str) -> Any:
    """`impl.<name>`, or MissingName with the contract's message."""
    try:
        return getattr(impl, name)
    except AttributeError:
        raise MissingName(name) from None


def get(harness_name: str) -> Callable[..., dict]:
    """Look up a harness by its `"module.function"` name, only inside this package."""
    module_name, _, function_name = harness_name.partition(".")
    if not (module_name.isidentifier() and function_name.isidentifier()) \
            or function_name.startswith("_"):
        raise KeyError(f"unknown harness {harness_name!r}")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, function_name)
