"""Forbidden APIs: tripwires that notice a forbidden call while a graded call runs.

The contract forbids some library calls inside some exercises (no `torch.softmax`
inside `softmax`, no `torch.optim` inside an update rule). The verdict is reached in
the trusted process from the submission's source (grader.judge.forbidden_static); these
tripwires run inside the worker and are only an extra signal that can add a failure
(`checker.forbidden_verdict`), never clear one: a submission can bind names before
they are installed, call from other threads, or empty these lists. For the duration
of a graded call each forbidden function is replaced by a wrapper that records its
name and then does the real work. The trusted process applies the same tripwires to
the reference, so a reference that broke its own exercise's rule fails our tests.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import types
from typing import Iterator

import torch
import torch.nn.functional
import torch.optim

# Dotted names, each resolvable from `torch`. Tensor methods are written `Tensor.name`.
ACTIVATIONS = (
    "sigmoid", "tanh", "relu", "softmax", "log_softmax", "special.expit",
    "nn.functional.*", "Tensor.sigmoid", "Tensor.sigmoid_", "Tensor.tanh",
    "Tensor.tanh_", "Tensor.relu", "Tensor.relu_", "Tensor.softmax",
    "Tensor.log_softmax", "Tensor.backward", "autograd.grad", "autograd.backward",
)
CROSS_ENTROPY = (  # the contract forbids these three; softmax itself stays allowed
    "log_softmax", "nn.functional.*", "nn.CrossEntropyLoss.forward",
    "nn.NLLLoss.forward", "Tensor.log_softmax",
)
OPTIMIZERS = ("optim.Optimizer.__init__", "optim._functional.*")
NO_TORCH = ("tensor", "as_tensor", "from_numpy", "Tensor.backward", "autograd.grad",
            "autograd.backward")

# Whole packages watched with a profiler hook, which also sees functions a submission
# bound at import (`from torch.optim._functional import sgd`) and C functions.
PACKAGES: dict[str, str] = {"optimizers": "torch.optim", "no_torch": "torch"}

GROUPS: dict[str, tuple[str, ...]] = {
    "activations": ACTIVATIONS,
    "cross_entropy": CROSS_ENTROPY,
    "optimizers": OPTIMIZERS,
    "no_torch": NO_TORCH,
}


def _expand(dotted: str) -> list[tuple[object, str, str]]:
    """(owner, attribute, display name) for each function a dotted name covers."""
    parts = dotted.split(".")
    owner: object = torch
    for part in parts[:-1]:
        owner = getattr(owner, part, None)
        if owner is None:
            return []
    prefix = "torch." + ".".join(parts[:-1]) if len(parts) > 1 else "torch"
    if parts[-1] != "*":
        if not hasattr(owner, parts[-1]):
            return []
        return [(owner, parts[-1], f"{prefix}.{parts[-1]}")]
    return [(owner, name, f"{prefix}.{name}") for name in dir(owner)
            if _is_public_function(name, getattr(owner, name))]


def _is_public_function(name: str, value: object) -> bool:
    if name.startswith("_") or name.startswith(("has_torch_function", "handle_torch")):
        return False
    return isinstance(value, (types.FunctionType, types.BuiltinFunctionType))


_INHERITED = object()


def _tripwire(function, display_name: str, calls: list[str]):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if display_name not in calls:
            calls.append(display_name)
        return function(*args, **kwargs)
    return wrapper


@contextlib.contextmanager
def watch(group: str | None) -> Iterator[list[str]]:
    """Within the block, record calls to the group's forbidden functions.

    Yields the list the names are appended to (each at most once, in call order).
    """
    calls: list[str] = []
    if not group:
        yield calls
        return
    with _package_watch(PACKAGES.get(group), calls), _tripwires(group, calls):
        yield calls


@contextlib.contextmanager
def _tripwires(group: str, calls: list[str]) -> Iterator[None]:
    """Replace the group's functions by recording wrappers for the block's duration."""
    saved = []
    for dotted in GROUPS[group]:
        for owner, name, display_name in _expand(dotted):
            saved.append((owner, name, vars(owner).get(name, _INHERITED)))
            setattr(owner, name, _tripwire(getattr(owner, name), display_name, calls))
    try:
        yield
    finally:
        for owner, name, original in reversed(saved):
            if original is _INHERITED:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


def _in_package(module: object, package: str) -> bool:
    return isinstance(module, str) and (module == package or module.startswith(package + "."))


def _profiled_name(frame, event: str, arg, package: str) -> str | None:
    """The dotted name of a call into `package` seen by the profiler, else None."""
    if event == "call":
        module = frame.f_globals.get("__name__")
        if _in_package(module, package):
            return f"{module}.{frame.f_code.co_name}"
    elif event == "c_call":
        owner = getattr(arg, "__self__", None)
        if isinstance(owner, torch.Tensor) and package == "torch":
            return f"torch.Tensor.{arg.__name__}"
        module = getattr(arg, "__module__", None) or getattr(owner, "__name__", None)
        if _in_package(module, package):
            return f"{module}.{arg.__name__}"
    return None


@contextlib.contextmanager
def _package_watch(package: str | None, calls: list[str]) -> Iterator[None]:
    """Record the first call into `package` made while the block runs (this thread)."""
    if package is None:
        yield
        return
    previous = sys.getprofile()

    def hook(frame, event, arg):
        if not calls:
            name = _profiled_name(frame, event, arg, package)
            if name is not None:
                calls.append(name)

    sys.setprofile(hook)
    try:
        yield
    finally:
        sys.setprofile(previous)
