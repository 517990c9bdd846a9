"""grader.wire.channel's framing read against the standard library's writer: frames
written by multiprocessing's Connection (the worker's side) are read back exactly by the
trusted side's own reader, over a socket pair; no worker, no zygote. Deadlines, caps and
hostile archives are tests/test_wire_bounds.py's."""

import os
import socket
import struct
import time
from multiprocessing.connection import Connection

import pytest
import torch

from grader.wire import channel


@pytest.fixture
def ends():
    ours, theirs = socket.socketpair()
    writer = Connection(theirs.detach())
    yield ours, writer
    ours.close()
    writer.close()


def _deadline() -> float:
    return time.monotonic() + 5.0


def test_frames_written_by_multiprocessing_read_back_whole_and_in_order(ends):
    ours, writer = ends
    bodies = [b"", b"x", bytes(range(256)) * 300]
    for body in bodies:
        writer.send_bytes(body)
    assert [channel.read_frame(ours.fileno(), _deadline(), 1 << 20) for _ in bodies] == bodies


def test_the_long_header_form_is_read(ends):
    """A length of -1 announces an 8-byte length (multiprocessing's form past 2 GiB)."""
    ours, writer = ends
    body = b"long form"
    writer.send_bytes(b"")  # then a hand-made long-form frame on the same stream
    os.write(writer.fileno(), struct.pack("!i", -1) + struct.pack("!Q", len(body)) + body)
    assert channel.read_frame(ours.fileno(), _deadline(), 1 << 20) == b""
    assert channel.read_frame(ours.fileno(), _deadline(), 1 << 20) == body


def test_a_frame_of_exactly_the_cap_passes_and_one_byte_more_is_refused(ends):
    ours, writer = ends
    writer.send_bytes(b"a" * 64)
    assert channel.read_frame(ours.fileno(), _deadline(), 64) == b"a" * 64
    writer.send_bytes(b"a" * 65)
    with pytest.raises(channel.ChannelError, match="64 byte cap"):
        channel.read_frame(ours.fileno(), _deadline(), 64)


def test_a_message_sent_by_the_worker_s_side_is_received_by_the_trusted_side(ends):
    ours, writer = ends
    message = {"answers": {"value": torch.tensor([1.0, 2.0])}, "ok": True}
    channel.send(writer, message)
    reader = Connection(ours.detach())
    try:
        received = channel.receive_within(reader, timeout_s=5.0)
    finally:
        reader.close()
    assert received["ok"] is True and torch.equal(received["answers"]["value"],
                                                  torch.tensor([1.0, 2.0]))


def test_bytes_that_are_no_answer_archive_are_refused_unloaded():
    with pytest.raises(channel.ChannelError, match="not an answer archive"):
        channel.decode(b"\x80\x04K\x01.")  # a bare pickle
    assert channel.decode(channel.encode([1, "two", None])) == [1, "two", None]
