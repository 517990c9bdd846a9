"""The trusted side's bounds, unit by unit: frames, decoding, results, strict JSON.

Fast tests with no worker: hostile bytes and objects are built here and handed to the
code that receives them from a worker (grader.wire.channel, grader.wire.plain) or that writes
results (grader.result and every JSON writer).
"""

import io
import json
import math
import socket
import struct
import time
import zipfile

import pytest
import torch

from grader.reports import class_results, gradebook, report
from grader.student import history
from grader.wire import channel
from grader.wire.plain import (MAX_ANSWER_BYTES, MAX_DEPTH, MAX_NODES, MAX_STRING_CHARS,
                          AnswerTooLarge, Unsupported, from_plain)
from grader.result import MAX_RESULT_BYTES, CaseResult, SubmissionResult, json_safe


def strict_json(text: str):
    def refuse(constant):
        raise ValueError(f"bare {constant} in JSON")
    return json.loads(text, parse_constant=refuse)


# ---- frames ------------------------------------------------------------------------------

@pytest.fixture
def pair():
    ours, theirs = socket.socketpair()
    yield ours, theirs
    ours.close()
    theirs.close()


def test_a_header_without_a_body_times_out_at_the_deadline(pair):
    ours, theirs = pair
    theirs.sendall(struct.pack("!i", 1_000_000) + b"only a little")
    started = time.monotonic()
    with pytest.raises(channel.FrameTimeout):
        channel.read_frame(ours.fileno(), time.monotonic() + 0.3, channel.MAX_MESSAGE_BYTES)
    assert time.monotonic() - started < 1.0


def test_a_frame_over_the_cap_is_refused_before_its_body_is_read(pair):
    ours, theirs = pair
    theirs.sendall(struct.pack("!i", -1) + struct.pack("!Q", 2**40))
    with pytest.raises(channel.ChannelError, match="byte cap"):
        channel.read_frame(ours.fileno(), time.monotonic() + 1, channel.MAX_MESSAGE_BYTES)


def test_a_hang_up_mid_frame_is_end_of_file(pair):
    ours, theirs = pair
    theirs.sendall(struct.pack("!i", 100) + b"x")
    theirs.close()
    with pytest.raises(EOFError):
        channel.read_frame(ours.fileno(), time.monotonic() + 1, channel.MAX_MESSAGE_BYTES)


def test_a_whole_frame_round_trips(pair):
    ours, theirs = pair
    payload = channel.encode({"ok": True, "answers": {"x": torch.arange(3)}})
    theirs.sendall(struct.pack("!i", len(payload)) + payload)
    message = channel.decode(channel.read_frame(ours.fileno(), time.monotonic() + 1, 10**6))
    assert torch.equal(message["answers"]["x"], torch.arange(3))


def test_compressed_archives_and_oversized_pickles_are_refused_unloaded():
    stored = channel.encode({"a": 1})
    squeezed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(stored)) as source, \
            zipfile.ZipFile(squeezed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, source.read(entry))
    with pytest.raises(channel.ChannelError, match="compressed"):
        channel.decode(squeezed.getvalue())
    with pytest.raises(channel.ChannelError, match="byte cap"):
        channel.decode(channel.encode([f"{n:0100d}" for n in range(50_000)]))
    with pytest.raises(channel.ChannelError):
        channel.decode(b"not an archive")


# ---- decoding --------------------------------------------------------------------------

def test_shared_references_count_each_time_they_are_reached():
    nested = [0.0]
    for _ in range(60):
        nested = [nested, nested]
    started = time.monotonic()
    with pytest.raises(AnswerTooLarge, match=f"{MAX_NODES:,} values"):
        from_plain(channel.decode(channel.encode({"answers": nested})))
    assert time.monotonic() - started < 2


def test_deep_nesting_is_refused_not_a_recursion_error():
    nested = [0.0]
    for _ in range(MAX_DEPTH + 5):
        nested = [nested]
    with pytest.raises(AnswerTooLarge, match="nested"):
        from_plain(nested)


@pytest.mark.parametrize("dtype", [torch.float32, torch.complex128])
def test_expanded_tensors_are_refused_by_their_dense_bytes(dtype):
    count = MAX_ANSWER_BYTES // torch.tensor([], dtype=dtype).element_size() + 1
    expanded = torch.zeros(1, dtype=dtype).expand(count)
    with pytest.raises(AnswerTooLarge, match="bytes|elements"):
        from_plain({"param": expanded})


def test_dense_bytes_add_up_over_a_message():
    quarter = torch.zeros(1).expand(MAX_ANSWER_BYTES // 4 // 4 + 1)  # float32
    assert from_plain([quarter] * 3)[0].is_contiguous()
    with pytest.raises(AnswerTooLarge, match="bytes"):
        from_plain([quarter] * 4)


@pytest.mark.filterwarnings("ignore::UserWarning")  # sparse invariants, deprecated qint8
@pytest.mark.parametrize("make", [
    lambda: torch.sparse_coo_tensor(torch.tensor([[0]]), torch.ones(1), (10**12,)),
    lambda: torch.empty(3, device="meta"),
    lambda: torch.quantize_per_tensor(torch.ones(2), 0.1, 0, torch.qint8),
], ids=["sparse", "meta", "quantized"])
def test_tensors_no_worker_sends_are_refused(make):
    with pytest.raises(AnswerTooLarge, match="dense CPU tensor"):
        from_plain({"answers": make()})


def test_strings_are_cut_and_odd_values_are_unsupported():
    restored = from_plain({"s": "x" * 10**6, "big": 2**100, "b": b"bytes", "k" * 10**5: 1})
    assert len(restored["s"]) < MAX_STRING_CHARS + 50 and "characters cut" in restored["s"]
    assert restored["big"] == Unsupported("int of 101 bits")
    assert restored["b"] == Unsupported("bytes")
    assert all(len(key) < MAX_STRING_CHARS + 50 for key in restored)
    with pytest.raises(AnswerTooLarge, match="dict key"):
        from_plain({1: "a non-string key"})


# ---- results ---------------------------------------------------------------------------

def hostile_result() -> SubmissionResult:
    details = {"got": math.inf, "expected": -math.inf, "max_abs_error": math.nan,
               "index": list(range(20_000))}
    return SubmissionResult(
        exercise="rmsprop", file="rmsprop.py", sha256="0" * 64, score=0.0, max_score=10.0,
        status="graded", gradable=True, output="\x00" * 65536,
        tests=[CaseResult(f"test_{n}", 0.0, 1.0, "error", "public", "m" * 10**7, "hint",
                          details) for n in range(20)],
        training={"losses": [math.nan] * 200_000, "accuracy": math.inf})


def test_any_result_is_strict_json_under_a_megabyte_and_says_what_was_cut():
    text = hostile_result().to_json()
    assert len(text) < MAX_RESULT_BYTES
    data = strict_json(text)
    assert data["training"]["accuracy"] == "Infinity"
    assert data["training"]["losses_cut"] > 0
    assert data["tests"][0]["details"]["got"] == "Infinity"
    assert "characters cut" in data["tests"][0]["message"]


def test_non_finite_numbers_read_back_as_floats(tmp_path):
    saved = tmp_path / "result.json"
    saved.write_text(hostile_result().to_json())
    back = report.load_result(saved)
    assert back.training["accuracy"] == math.inf and math.isnan(back.training["losses"][0])
    assert back.tests[0].details["expected"] == -math.inf


def test_reports_of_a_hostile_result_stay_small():
    for fmt in ("html", "md", "text"):
        assert len(report.render(hostile_result(), fmt)) < MAX_RESULT_BYTES


def test_an_ordinary_result_round_trips_unchanged():
    result = SubmissionResult("rmsprop", "f.py", "0" * 64, 1.5, 10.0, "graded", True,
                              tests=[CaseResult("t", 1.5, 2.0, "failed", "public", "m", "h",
                                                {"index": [1, 2], "got": 0.5})],
                              training={"losses": [1.0, 0.5]})
    assert SubmissionResult.from_dict(json.loads(result.to_json())) == result


def test_every_json_writer_is_strict(tmp_path):
    result = hostile_result()
    classes = class_results.ClassResults(
        students=[class_results.Student("alice", "alice", folder="alice")],
        graded=[class_results.Graded("alice", "rmsprop", "alice/rmsprop.py", result)],
        unplaced=[], stems=["rmsprop"])
    for line in gradebook.results_jsonl(classes).splitlines():
        strict_json(line)
    (tmp_path / "out").mkdir()
    gradebook.write_outputs(tmp_path / "out", classes, fresh=set(), gradescope=True)
    exported = (tmp_path / "out" / "gradescope" / "alice" / "rmsprop" / "results.json")
    assert len(strict_json(exported.read_text())["tests"]) == 20
    assert exported.stat().st_size < MAX_RESULT_BYTES
    history.append(tmp_path, {"exercise": "rmsprop", "score": math.nan})
    line = (tmp_path / history.FOLDER / history.FILE).read_text()
    assert strict_json(line)["score"] == "NaN"
    assert json_safe({"a": [math.inf, (-math.inf,)]}) == {"a": ["Infinity", ["-Infinity"]]}
