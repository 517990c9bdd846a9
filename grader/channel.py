"""The wire between the trusted grader and a worker: framed bytes, safe loading.

Messages are Python data (dicts, lists, numbers, strings, tensors) serialised with
`torch.save` and read back with `torch.load(..., weights_only=True)`, whose loader
refuses to run code: whatever a worker sends can change an answer, never run in the
grader. Each frame's length is checked against a cap before a byte of it is loaded.
"""

from __future__ import annotations

import io
from typing import Any

import torch

MAX_MESSAGE_BYTES = 256 * 1024 * 1024


class ChannelError(Exception):
    """A message that was too large or could not be decoded safely."""


def encode(message: Any) -> bytes:
    buffer = io.BytesIO()
    torch.save(message, buffer)
    return buffer.getvalue()


def decode(payload: bytes) -> Any:
    """Load a message with the code-free loader; raise ChannelError if it is refused."""
    try:
        return torch.load(io.BytesIO(payload), weights_only=True, map_location="cpu")
    except Exception as error:  # the loader refuses forged payloads in many ways
        raise ChannelError(f"the answer could not be read safely ({type(error).__name__})")


def send(connection, message: Any) -> None:
    connection.send_bytes(encode(message))


def receive(connection, max_bytes: int = MAX_MESSAGE_BYTES) -> Any:
    """Read one frame, refusing frames over `max_bytes` before loading them."""
    try:
        payload = connection.recv_bytes(max_bytes)
    except OSError as error:
        if str(error) != "bad message length":  # how multiprocessing refuses a frame
            raise  # a broken connection: the caller says how the worker ended
        raise ChannelError(f"the answer is larger than the {max_bytes:,} byte cap") from error
    return decode(payload)
