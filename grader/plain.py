"""Answers as plain data, identical on both sides of the trust boundary.

`to_plain` reduces whatever an implementation returned to data that `channel` can carry
and load without running code; `from_plain` restores numpy arrays. The trusted process
passes the reference's answers through the same pair, so student and reference answers
are always compared in the same representation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy
import torch


@dataclass(frozen=True)
class Unsupported:
    """An answer of a type that cannot cross the boundary (only its type name does)."""

    type_name: str


def to_plain(value: Any, depth: int = 0) -> Any:
    """Reduce an answer to plain data the grader can load without running code.

    Tensors become dense, contiguous CPU tensors of the base class; numpy values become
    tensors or Python numbers; other objects are reported by their type name only.
    """
    if depth > 20:
        return {"__unsupported__": "nesting too deep"}
    if isinstance(value, torch.Tensor):
        with torch._C.DisableTorchFunction():
            plain = value.detach()
            if plain.layout != torch.strided:
                plain = plain.to_dense()
            plain = plain.cpu().contiguous().clone().as_subclass(torch.Tensor)
        return plain
    if isinstance(value, (bool, int, float, str, type(None))):
        return value
    if isinstance(value, numpy.ndarray):
        return {"__ndarray__": torch.from_numpy(numpy.ascontiguousarray(value).copy())}
    if isinstance(value, numpy.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        items = [to_plain(item, depth + 1) for item in value]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {str(key): to_plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, torch.dtype | torch.device | torch.Size):
        return str(value) if not isinstance(value, torch.Size) else tuple(value)
    return {"__unsupported__": type(value).__name__}


def from_plain(value: Any) -> Any:
    """Inverse of `to_plain` on the grader's side: numpy arrays and markers restored."""
    if isinstance(value, list):
        return [from_plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(from_plain(item) for item in value)
    if isinstance(value, dict):
        if set(value) == {"__ndarray__"}:
            return value["__ndarray__"].numpy()
        if set(value) == {"__unsupported__"}:
            return Unsupported(str(value["__unsupported__"]))
        return {key: from_plain(item) for key, item in value.items()}
    if isinstance(value, torch.Tensor) and type(value) is not torch.Tensor:
        return Unsupported(type(value).__name__)
    return value
