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


MAX_ELEMENTS = 64 * 1024 * 1024
_PRIMITIVES = (bool, int, float, str, type(None))  # per tensor; the channel also caps bytes per message


class AnswerTooLarge(ValueError):
    """An answer with more elements than the grader accepts (checked before loading)."""


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
            if value.numel() > MAX_ELEMENTS:  # before densifying an expanded view
                return {"__too_large__": value.numel()}
            plain = value.detach()
            if plain.layout != torch.strided:
                plain = plain.to_dense()
            plain = plain.cpu().contiguous().clone().as_subclass(torch.Tensor)
        return plain
    if isinstance(value, numpy.generic):  # before float: numpy.float64 is a float
        return to_plain(value.item(), depth + 1)
    if type(value) in _PRIMITIVES:
        return value
    for base in (bool, int, float, str):  # a subclass (an IntEnum, a numpy scalar's
        if isinstance(value, base):       # float subclass) travels as its plain base
            return base(value)
    if isinstance(value, numpy.ndarray):
        return {"__ndarray__": torch.from_numpy(numpy.ascontiguousarray(value).copy())}
    if isinstance(value, (list, tuple)):
        items = [to_plain(item, depth + 1) for item in value]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {str(key): to_plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, torch.dtype | torch.device | torch.Size):
        return str(value) if not isinstance(value, torch.Size) else tuple(value)
    return {"__unsupported__": type(value).__name__}


def from_plain(value: Any) -> Any:
    """Inverse of `to_plain` on the grader's side: numpy arrays and markers restored.

    A worker is not trusted to have called `to_plain`: every tensor is checked again
    here. Tensor subclasses become `Unsupported`; a tensor of more than MAX_ELEMENTS
    elements raises AnswerTooLarge before anything touches its values (an expanded
    view can claim billions of elements over one stored value); the rest become
    dense, contiguous tensors that own their memory.
    """
    if isinstance(value, list):
        return [from_plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(from_plain(item) for item in value)
    if isinstance(value, dict):
        if set(value) == {"__ndarray__"}:
            return value["__ndarray__"].numpy()
        if set(value) == {"__too_large__"}:
            raise AnswerTooLarge(f"an answer tensor has {int(value['__too_large__']):,} "
                                 f"elements; the grader accepts at most {MAX_ELEMENTS:,}")
        if set(value) == {"__unsupported__"}:
            return Unsupported(str(value["__unsupported__"]))
        return {key: from_plain(item) for key, item in value.items()}
    if isinstance(value, torch.Tensor):
        if type(value) is not torch.Tensor:
            return Unsupported(type(value).__name__)
        if value.numel() > MAX_ELEMENTS:
            raise AnswerTooLarge(f"an answer tensor has {value.numel():,} elements; the "
                                 f"grader accepts at most {MAX_ELEMENTS:,}")
        if value.layout != torch.strided:
            value = value.to_dense()
        if not value.is_contiguous() or value.storage_offset() != 0:
            value = value.contiguous().clone()
    return value
