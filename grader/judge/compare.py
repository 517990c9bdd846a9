"""Comparing a student's answer with the expected one, with a message that says where.

`assert_close(actual=..., expected=..., rtol=..., atol=...)` accepts tensors, numpy
arrays, numbers, None and (nested) lists, tuples and dicts; a NumPy array of numbers
answers where a list of numbers is expected. An element passes when
`|actual - expected| <= atol + rtol * |expected|` (NaN matches NaN, inf matches the
same inf). On failure it raises `Mismatch`, whose message names the output, the worst
index, the max absolute and relative errors and the tolerance, and whose `details`
carry the same as data for reports; `details["kind"]` says which rule was broken:
"type", "keys", "length", "shape", "dtype" (the form of the answer), "flag" (a
True/False/None property such as `updated_in_place`) or "value".
"""

from __future__ import annotations

from typing import Any

import numpy
import torch

from grader.wire.plain import Unsupported


class Mismatch(AssertionError):
    """An answer that differs from the expected one; `details` holds the numbers."""

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.details = details or {}


def _as_tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value.detach()
    if isinstance(value, numpy.ndarray) and value.dtype.kind in "biuf":
        return torch.from_numpy(value)
    if isinstance(value, (bool, int, float)) and not isinstance(value, bool):
        return torch.tensor(value, dtype=torch.float64)
    return None


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def assert_close(*, actual: Any, expected: Any, rtol: float, atol: float,
                 what: str = "the result", check_dtype: bool = False) -> None:
    """Raise Mismatch unless `actual` matches `expected` within the tolerances."""
    if isinstance(actual, Unsupported):
        raise Mismatch(f"{what} is a {actual.type_name}, which cannot be graded; "
                       f"expected {_kind(expected)}", _type_details(what, expected))
    if isinstance(expected, dict):
        _same_keys(actual, expected, what)
        for key in expected:
            assert_close(actual=actual[key], expected=expected[key], rtol=rtol, atol=atol,
                         what=f"{what}[{key!r}]", check_dtype=check_dtype)
        return
    if isinstance(expected, (list, tuple)):
        if _numeric_array(actual):  # a NumPy array of numbers stands for a list of them
            actual = actual.tolist()
        if not isinstance(actual, (list, tuple)) or len(actual) != len(expected):
            raise Mismatch(f"{what} should be a {type(expected).__name__} of length "
                           f"{len(expected)}, got {_kind(actual)}",
                           {"kind": "length", "what": what})
        for index, (got, want) in enumerate(zip(actual, expected)):
            assert_close(actual=got, expected=want, rtol=rtol, atol=atol,
                         what=f"{what}[{index}]", check_dtype=check_dtype)
        return
    if expected is None or isinstance(expected, (str, bool)):
        if actual != expected or type(actual) is not type(expected):
            kind = "value" if isinstance(expected, str) else "flag"  # a yes/no property
            raise Mismatch(f"{what} should be {_short(expected)}, got {_short(actual)}",
                           {"kind": kind, "what": what})
        return
    _assert_numbers_close(actual, expected, rtol, atol, what, check_dtype)


def _numeric_array(value: Any) -> bool:
    return isinstance(value, numpy.ndarray) and value.ndim >= 1 and value.dtype.kind in "biuf"


def _kind(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, Unsupported):
        return f"a {value.type_name}"
    return f"{type(value).__name__} {_short(value)}"


def _type_details(what: str, expected: Any) -> dict:
    """Mismatch details of a wrong type; `expected_kind` names the expected type
    without its value (what a hidden test may show)."""
    if isinstance(expected, (torch.Tensor, numpy.ndarray)):
        kind = f"a tensor of shape {tuple(expected.shape)}"
    elif isinstance(expected, (list, tuple)):
        kind = f"a {type(expected).__name__} of length {len(expected)}"
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        kind = "a number"
    else:
        kind = f"a {type(expected).__name__}"
    return {"kind": "type", "what": what, "expected_kind": kind}


def _same_keys(actual: Any, expected: dict, what: str) -> None:
    if not isinstance(actual, dict) or set(actual) != set(expected):
        raise Mismatch(f"{what} should have the keys {sorted(expected)}, got {_kind(actual)}",
                       {"kind": "keys", "what": what})


def _assert_numbers_close(actual, expected, rtol, atol, what, check_dtype) -> None:
    want = _as_tensor(expected)
    if want is None:  # the reference's own answer: a suite or reference bug, not the student's
        raise TypeError(f"{what}: cannot compare against {_kind(expected)}")
    got = _as_tensor(actual)
    if got is None or isinstance(actual, bool):
        raise Mismatch(f"{what} should be {_kind(expected)}, got {_kind(actual)}",
                       _type_details(what, expected))
    if tuple(got.shape) != tuple(want.shape):
        raise Mismatch(f"{what} has shape {tuple(got.shape)}, expected {tuple(want.shape)}",
                       {"kind": "shape", "what": what, "shape": list(got.shape),
                        "expected_shape": list(want.shape)})
    if check_dtype and isinstance(expected, torch.Tensor) and got.dtype != want.dtype:
        raise Mismatch(f"{what} has dtype {got.dtype}, expected {want.dtype}",
                       {"kind": "dtype", "what": what})
    if got.is_complex() or want.is_complex():
        raise Mismatch(f"{what} is complex; expected real numbers",
                       {"kind": "type", "what": what, "expected_kind": "real numbers"})
    got64, want64 = got.to(torch.float64), want.to(torch.float64)
    error = (got64 - want64).abs()
    both_nan = got64.isnan() & want64.isnan()
    same_inf = got64.isinf() & (got64 == want64)
    error = torch.where(both_nan | same_inf, torch.zeros_like(error), error)
    error = torch.where(error.isnan(), torch.full_like(error, float("inf")), error)
    allowed = atol + rtol * want64.abs().nan_to_num(posinf=0.0)
    bad = error > allowed
    if not bool(bad.any()):
        return
    raise _mismatch(what, got64, want64, error, bad, rtol, atol)


def _mismatch(what, got, want, error, bad, rtol, atol) -> Mismatch:
    relative = error / want.abs().clamp_min(1e-30)
    excess = torch.where(bad, error - (atol + rtol * want.abs().nan_to_num(posinf=0.0)),
                         torch.full_like(error, -1.0))
    flat = int(excess.reshape(-1).argmax())
    index = tuple(int(i) for i in numpy.unravel_index(flat, tuple(got.shape))) if got.dim() else ()
    worst_got, worst_want = got.reshape(-1)[flat].item(), want.reshape(-1)[flat].item()
    details = {"kind": "value", "what": what, "index": list(index),
               "got": worst_got, "expected": worst_want,
               "max_abs_error": float(error.max()), "max_rel_error": float(relative.max()),
               "mismatched": int(bad.sum()), "total": int(bad.numel()),
               "rtol": rtol, "atol": atol}
    where = f" at index {index}" if index else ""
    shown_got, shown_want = _distinct(worst_got, worst_want)
    message = (f"{what} differs{where}: got {shown_got}, expected {shown_want} "
               f"({details['mismatched']} of {details['total']} values off; max abs error "
               f"{details['max_abs_error']:.3g}, max rel error {details['max_rel_error']:.3g}; "
               f"tolerance atol={atol:g}, rtol={rtol:g})")
    return Mismatch(message, details)


def _distinct(got: float, want: float) -> tuple[str, str]:
    """`got` and `want` with 6 significant digits, or as many more (up to 17) as it
    takes for them to read differently: a real difference never looks like rounding."""
    for digits in range(6, 18):
        shown = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if shown[0] != shown[1]:
            return shown
    return shown
