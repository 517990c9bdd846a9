"""grader.wire.plain: what crosses the boundary as plain data, and back. The expected
forms are written out here (no worker, no zygote: milliseconds each); the caps on hostile
answers are tests/test_wire_bounds.py's."""

import enum

import numpy as np
import pytest
import torch

from grader.wire.plain import Unsupported, from_plain, to_plain


class Colour(enum.IntEnum):
    RED = 1


def test_tensors_become_dense_contiguous_detached_cpu_tensors_of_the_base_class():
    base = torch.arange(12.0, requires_grad=True).reshape(3, 4)
    view = base.t()[1:]  # a non-contiguous view with an offset, part of a graph
    plain = to_plain(view)
    assert type(plain) is torch.Tensor and plain.is_contiguous() and not plain.requires_grad
    assert torch.equal(plain, torch.tensor([[1.0, 5.0, 9.0], [2.0, 6.0, 10.0],
                                            [3.0, 7.0, 11.0]]))
    assert plain.untyped_storage().data_ptr() != base.untyped_storage().data_ptr()


def test_a_sparse_tensor_travels_dense():
    sparse = torch.sparse_coo_tensor([[0, 2]], [5.0, 7.0], (3,), check_invariants=True)
    assert torch.equal(to_plain(sparse), torch.tensor([5.0, 0.0, 7.0]))


@pytest.mark.parametrize("value, plain", [
    (np.float64(0.25), 0.25), (np.int32(-3), -3), (np.bool_(True), True),
    (Colour.RED, 1), (torch.float32, "torch.float32"), (torch.Size([2, 3]), (2, 3)),
    ({1: "a"}, {"1": "a"}), ((1, [2.5, None]), (1, [2.5, None])),
])
def test_plain_values_and_their_stand_ins(value, plain):
    converted = to_plain(value)
    assert converted == plain and type(converted) is type(plain)


def test_other_objects_travel_as_their_type_name_only():
    assert to_plain(object()) == {"__unsupported__": "object"}
    assert from_plain(to_plain(torch.Generator())) == Unsupported("Generator")


def test_numpy_arrays_come_back_as_numpy_arrays_with_their_dtype_and_values():
    array = np.arange(6, dtype=np.int16).reshape(2, 3)[:, ::2]  # not contiguous
    restored = from_plain(to_plain({"x": array}))["x"]
    assert isinstance(restored, np.ndarray) and restored.dtype == np.int16
    assert restored.tolist() == [[0, 2], [3, 5]]


def test_a_round_trip_keeps_every_plain_answer():
    answer = {"value": torch.tensor([[1.5, -2.0]]), "flags": {"param": True},
              "losses": [3.0, 2.5], "name": "adam", "none": None}
    restored = from_plain(to_plain(answer))
    assert restored.keys() == answer.keys()
    assert torch.equal(restored["value"], answer["value"])
    assert {key: restored[key] for key in ("flags", "losses", "name", "none")} == \
        {key: answer[key] for key in ("flags", "losses", "name", "none")}


def test_nesting_past_twenty_levels_is_cut_on_the_worker_side():
    deep: list = []
    for _ in range(25):
        deep = [deep]
    plain = to_plain(deep)
    for _ in range(21):
        plain = plain[0]
    assert plain == {"__unsupported__": "nesting too deep"}
