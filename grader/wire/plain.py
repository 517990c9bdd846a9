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


# Caps on what the trusted side accepts from a worker (`from_plain`); a worker's own
# `to_plain` proves nothing. Every tensor: at most MAX_ELEMENTS elements; one message:
# at most MAX_ANSWER_BYTES once its tensors are dense (element size counted, complex
# included), MAX_NODES values visited (a value shared N times counts N times), nesting
# at most MAX_DEPTH deep; strings are cut to MAX_STRING_CHARS, ints at most MAX_INT_BITS.
MAX_ELEMENTS = 16 * 1024 * 1024
MAX_ANSWER_BYTES = 64 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64
MAX_STRING_CHARS = 4096
MAX_INT_BITS = 64
_PRIMITIVES = (bool, int, float, str, type(None))
_DTYPES = {torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
           torch.float16, torch.bfloat16, torch.float32, torch.float64,
           torch.complex64, torch.complex128}


class AnswerTooLarge(ValueError):
    """An answer the trusted side refuses before touching its values: over a cap
    (elements, bytes, values, depth) or of a form no worker's `to_plain` produces."""


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

    A worker is not trusted to have called `to_plain`: the whole message is walked
    again here within budgets, and AnswerTooLarge is raised before any tensor's
    values are touched when a tensor has more than MAX_ELEMENTS elements, the dense
    tensors would take more than MAX_ANSWER_BYTES, the walk visits more than
    MAX_NODES values (shared references count each time they are reached) or nests
    deeper than MAX_DEPTH, or a tensor is of a kind `to_plain` never sends (sparse,
    not on the CPU, quantized). Strings are cut to MAX_STRING_CHARS; tensor
    subclasses, ints over MAX_INT_BITS and other objects become `Unsupported`; the
    other tensors become dense, contiguous tensors that own their memory.
    """
    return _Walk().restore(value, 0)


class _Walk:
    """One bounded walk over one message: counts values visited and dense bytes."""

    def __init__(self):
        self.nodes = 0
        self.dense_bytes = 0

    def restore(self, value: Any, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise AnswerTooLarge(f"it holds more than {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise AnswerTooLarge(f"it is nested more than {MAX_DEPTH} levels deep")
        if type(value) in _PRIMITIVES:
            return _primitive(value)
        if isinstance(value, (list, tuple)):
            items = [self.restore(item, depth + 1) for item in value]
            return items if isinstance(value, list) else tuple(items)
        if isinstance(value, dict):
            return self._dict(value, depth)
        if isinstance(value, torch.Tensor):
            return self._tensor(value)
        return Unsupported(type(value).__name__)

    def _dict(self, value: dict, depth: int) -> Any:
        if set(value) == {"__ndarray__"} and type(value["__ndarray__"]) is torch.Tensor:
            tensor = self._tensor(value["__ndarray__"])
            try:
                return tensor.numpy()
            except TypeError:  # a dtype numpy lacks (bfloat16)
                return Unsupported(f"array of {tensor.dtype}")
        if set(value) == {"__too_large__"}:
            raise AnswerTooLarge(f"an answer tensor has {_count(value['__too_large__'])} "
                                 f"elements; the grader accepts at most {MAX_ELEMENTS:,}")
        if set(value) == {"__unsupported__"}:
            return Unsupported(_cut(str(value["__unsupported__"]), 200))
        restored = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise AnswerTooLarge(f"a dict key is a {type(key).__name__}, not a string")
            restored[_cut(key)] = self.restore(item, depth + 1)
        return restored

    def _tensor(self, value: torch.Tensor) -> Any:
        if type(value) is not torch.Tensor:
            return Unsupported(type(value).__name__)
        if value.layout != torch.strided or value.device.type != "cpu" \
                or value.dtype not in _DTYPES:
            raise AnswerTooLarge(f"a tensor ({value.layout}, {value.device.type}, "
                                 f"{value.dtype}) is not a dense CPU tensor")
        count = value.numel()
        if count > MAX_ELEMENTS:
            raise AnswerTooLarge(f"an answer tensor has {count:,} elements; the grader "
                                 f"accepts at most {MAX_ELEMENTS:,}")
        self.dense_bytes += count * value.element_size()
        if self.dense_bytes > MAX_ANSWER_BYTES:
            raise AnswerTooLarge(f"its tensors ({count:,} elements of {value.dtype} for the "
                                 f"last one) would take more than {MAX_ANSWER_BYTES:,} bytes")
        value = value.detach()
        if not value.is_contiguous() or value.storage_offset() != 0:
            value = value.contiguous().clone()
        return value


def _primitive(value: Any) -> Any:
    if isinstance(value, str):
        return _cut(value)
    if type(value) is int and value.bit_length() > MAX_INT_BITS:
        return Unsupported(f"int of {value.bit_length():,} bits")
    return value


def _cut(text: str, limit: int = MAX_STRING_CHARS) -> str:
    """`text`, or its first `limit` characters and a note of how many were cut."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"... [{len(text) - limit:,} characters cut]"


def _count(value: Any) -> str:
    return f"{value:,}" if type(value) is int else "too many"
