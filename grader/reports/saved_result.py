"""Whether JSON data is a saved result: what `grade report` checks before rendering one."""

from __future__ import annotations

from typing import Any

from grader.result import Status

_Kinds = dict[str, type | tuple[type, ...]]  # field -> the types isinstance accepts
_REQUIRED: _Kinds = {"exercise": str, "file": str, "sha256": str, "score": (int, float),
                     "max_score": (int, float), "status": str, "gradable": bool, "tests": list}
_OPTIONAL: _Kinds = {"misconceptions": list, "training": dict, "output": str, "message": str,
                     "device": str, "duration_s": (int, float), "output_truncated_bytes": int}
_CASE: _Kinds = {"name": str, "points": (int, float), "max_points": (int, float),
                 "outcome": str, "visibility": str}


def problem(data: Any) -> str:
    """'' when `data` has the shape of SubmissionResult.to_dict(), else what is wrong."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    for key, kind in _REQUIRED.items():
        if key not in data:
            return f"no {key!r} field"
    for key, kind in {**_REQUIRED, **_OPTIONAL}.items():
        if key in data and not isinstance(data[key], kind):
            return f"{key!r} has the wrong type"
    if data["status"] not in set(Status):
        return f"unknown status {data['status']!r}"
    return _entries_problem(data)


def _entries_problem(data: dict[str, Any]) -> str:
    for case in data["tests"]:
        if not isinstance(case, dict) or any(not isinstance(case.get(k), kind)
                                             for k, kind in _CASE.items()):
            return "a test entry lacks name, points, max_points, outcome or visibility"
        if not isinstance(case.get("details", {}), dict):
            return "a test's details is not an object"
    for item in data.get("misconceptions", []):
        if not isinstance(item, dict) or not isinstance(item.get("message"), str):
            return "a misconception entry lacks its message"
    return ""
