"""The wire between the trusted grader and a worker: framed bytes, safe loading.

Messages are Python data (dicts, lists, numbers, strings, tensors) serialised with
`torch.save` and read back with `torch.load(..., weights_only=True)`, whose loader
refuses to run code: whatever a worker sends can change an answer, never run in the
grader. Frames use multiprocessing's length prefix (4 bytes, big-endian; -1 then 8
bytes for large frames).

The trusted side reads a worker's frames itself (`receive_within`), because every
byte is the student's: the whole frame must arrive before a deadline (a header with
no body is a timeout, not a hang), its length is checked against a cap before a byte
of it is read, and before loading, the archive must be plain (stored, not compressed)
with a pickle of at most MAX_PICKLE_BYTES (the code-free loader is pure Python: a big
pickle of tiny objects would cost the grader seconds and gigabytes).
"""

from __future__ import annotations

import io
import os
import select
import struct
import time
import zipfile
from typing import Any

import torch

MAX_MESSAGE_BYTES = 256 * 1024 * 1024
MAX_PICKLE_BYTES = 4 * 1024 * 1024


class ChannelError(Exception):
    """A message that was too large or could not be decoded safely."""


class FrameTimeout(Exception):
    """No complete frame arrived before the deadline (the worker is still alive)."""


def encode(message: Any) -> bytes:
    buffer = io.BytesIO()
    torch.save(message, buffer)
    return buffer.getvalue()


def decode(payload: bytes) -> Any:
    """Load a message with the code-free loader; raise ChannelError if it is refused."""
    _check_archive(payload)
    try:
        return torch.load(io.BytesIO(payload), weights_only=True, map_location="cpu")
    except Exception as error:  # the loader refuses forged payloads in many ways
        raise ChannelError(f"the answer could not be read safely ({type(error).__name__})")


def _check_archive(payload: bytes) -> None:
    """Refuse an archive with compressed entries or an oversized pickle, unread."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(payload)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ChannelError("the answer could not be read safely (not an answer archive)")
    for entry in entries:
        if entry.compress_type != zipfile.ZIP_STORED:
            raise ChannelError("the answer could not be read safely (compressed entries)")
        if entry.filename.endswith(".pkl") and entry.file_size > MAX_PICKLE_BYTES:
            raise ChannelError(f"the answer's structure is larger than the "
                               f"{MAX_PICKLE_BYTES:,} byte cap (too many or too long values)")


def send(connection, message: Any) -> None:
    connection.send_bytes(encode(message))


def receive(connection, max_bytes: int = MAX_MESSAGE_BYTES) -> Any:
    """Read one frame (blocking), refusing frames over `max_bytes` before loading them.

    For the worker's side, which trusts the grader; the grader uses `receive_within`."""
    try:
        payload = connection.recv_bytes(max_bytes)
    except OSError as error:
        if str(error) != "bad message length":  # how multiprocessing refuses a frame
            raise  # a broken connection: the caller says how the worker ended
        raise ChannelError(f"the answer is larger than the {max_bytes:,} byte cap") from error
    return decode(payload)


def receive_within(connection, timeout_s: float, max_bytes: int = MAX_MESSAGE_BYTES) -> Any:
    """Read and decode one frame sent by an untrusted peer, all of it within `timeout_s`.

    Raises FrameTimeout when the frame is not complete in time, EOFError when the peer
    hung up, ChannelError when the frame is over `max_bytes` or cannot be loaded safely.
    """
    return decode(read_frame(connection.fileno(), time.monotonic() + timeout_s, max_bytes))


def read_frame(descriptor: int, deadline: float, max_bytes: int) -> bytes:
    """The body of one length-prefixed frame, read before `deadline` (monotonic)."""
    size, = struct.unpack("!i", _read_exactly(descriptor, 4, deadline))
    if size == -1:
        size, = struct.unpack("!Q", _read_exactly(descriptor, 8, deadline))
    if size < 0 or size > max_bytes:
        raise ChannelError(f"the answer is larger than the {max_bytes:,} byte cap")
    return _read_exactly(descriptor, size, deadline)


def _read_exactly(descriptor: int, count: int, deadline: float) -> bytes:
    chunks, missing = [], count
    poller = select.poll()  # not select.select: descriptors may exceed FD_SETSIZE
    poller.register(descriptor, select.POLLIN)
    while missing:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FrameTimeout(f"{count - missing:,} of {count:,} bytes arrived in time")
        if not poller.poll(max(1, int(remaining * 1000) + 1)):
            continue
        chunk = os.read(descriptor, min(missing, 1 << 20))  # readable: never blocks
        if not chunk:
            raise EOFError("the worker hung up")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)
