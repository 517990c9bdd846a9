"""Grading the training exercises `mlp` and `cnn` (grader/suites/mlp.py, cnn.py).

What is proven here beyond tests/submissions/{mlp,cnn}: the partial-credit formula,
that the held-out labels never reach the worker, that MNIST-sized data fits the
channel, determinism, the probes (each mutant named by its probe, the reference by
none), the time budget, a training of 0 epochs, a `train` that ignores `device`, and
the result's training facts. Tests that need CUDA are skipped without it.
"""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

from grader import catalog
from grader.wire import channel
from grader.judge.checker import run_trusted
from grader.data import DATA_ENV_VAR, load_digits
from grader.engine.worker_side.harness import training
from grader.mutants import cnn as cnn_mutants
from grader.mutants import mlp as mlp_mutants
from grader.engine.proxy import SubmissionProxy
from grader.judge.runner import grade
from grader.solutions import cnn as cnn_reference
from grader.solutions import mlp as mlp_reference

with warnings.catch_warnings():  # the suites' markers are registered by the grading plugin
    warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
    from grader.suites import cnn as cnn_suite
    from grader.suites import mlp as mlp_suite

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_TRAINING_KEYS = {"losses", "accuracy", "target", "device", "train_seconds", "seed",
                          "formula"}
CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

IGNORES_DEVICE = '''
import math
import torch
from torch import nn


def build_model(input_shape=(1, 8, 8), num_classes=10):
    return nn.Sequential(nn.Flatten(), nn.Linear(math.prod(input_shape), 256), nn.ReLU(),
                         nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, num_classes))


def train(model, loader, device, epochs=10):
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    losses = []
    for _ in range(epochs):
        total = 0.0
        for images, labels in loader:
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(images), labels)
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    return losses
'''

NO_EPOCHS = '''
import math
import torch
from torch import nn


def build_model(input_shape=(1, 8, 8), num_classes=10):
    return nn.Sequential(nn.Flatten(), nn.Linear(math.prod(input_shape), num_classes))


def train(model, loader, device, epochs=10):
    model.to(device)
    losses = []
    for _ in range(epochs - 20):  # "I'll train it later"
        pass
    return losses
'''


def tensors_in(value):
    """Every tensor inside a nested structure of dicts, lists and tuples."""
    if isinstance(value, torch.Tensor):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from tensors_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from tensors_in(item)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def case(result, name):
    return next(c for c in result.tests if c.name == name)


@pytest.fixture(scope="module")
def sent_while_grading_reference():
    """(result, every harness request sent to the worker) for the mlp reference."""
    sent = []
    original = SubmissionProxy.run

    def recording(self, harness, inputs, *args, **kwargs):
        sent.append((harness, inputs))
        return original(self, harness, inputs, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SubmissionProxy, "run", recording)
        result = grade(ROOT / "solutions" / "mlp.py", "mlp")
    return result, sent


# ---- scoring -------------------------------------------------------------------------

@pytest.mark.parametrize("accuracy, target, expected", [
    (0.05, 0.95, 0.0), (0.10, 0.95, 0.0), (0.525, 0.95, 0.5), (0.95, 0.95, 1.0),
    (0.99, 0.95, 1.0), (0.535, 0.97, 0.5), (0.97, 0.97, 1.0), (0.7, 0.97, 0.6 / 0.87)])
def test_mlp_and_cnn_partial_credit_is_linear_from_chance_to_target(accuracy, target, expected):
    assert mlp_suite.credit(accuracy, target) == pytest.approx(expected)


def test_mlp_and_cnn_suites_state_the_formula():
    text = mlp_suite.formula(0.95)
    assert "(accuracy - 0.10) / (0.95 - 0.10)" in text
    assert "(accuracy - 0.10) / (target - 0.10)" in mlp_suite.__doc__
    assert "(accuracy - 0.10) / (target - 0.10)" in cnn_suite.__doc__


def test_cnn_reference_conv_output_size_matches_real_layers():
    for size, kernel, stride, padding in cnn_suite.CONV_CASES:
        assert cnn_reference.conv_output_size(size, kernel, stride, padding) \
            == cnn_suite.torch_output_size(size, kernel, stride, padding)


# ---- what crosses the boundary ----------------------------------------------------

def test_mlp_fit_inputs_hold_no_held_out_labels():
    inputs = mlp_suite.fit_inputs(catalog.get("mlp"))
    data, _ = mlp_suite.images()
    assert not any(t.shape == data.y_test.shape and not t.is_floating_point()
                   and t.dtype != torch.uint8 for t in tensors_in(inputs))
    assert torch.equal(inputs["y_train"], data.y_train)
    assert inputs["x_test"].shape[0] == len(data.y_test)  # the held-out images do go


def test_mlp_labels_never_sent_to_the_worker(sent_while_grading_reference):
    result, sent = sent_while_grading_reference
    held_out = load_digits().y_test
    assert [harness for harness, _ in sent] == ["training.fit"]  # one training run
    for _, inputs in sent:
        for tensor in tensors_in(inputs):
            assert not (tensor.shape == held_out.shape and torch.equal(tensor.long(), held_out))
            assert tensor.dim() != 1 or len(tensor) != len(held_out)
    assert result.score == 10


def test_mlp_and_cnn_images_travel_as_exact_uint8_levels():
    digits = load_digits().x_train
    levels, scale = mlp_suite.as_levels(digits)
    assert levels.dtype == torch.uint8 and scale == 16.0
    assert torch.equal(training._images(levels, scale), digits)
    pixels = np.random.default_rng(0).integers(0, 256, size=(50, 28, 28), dtype=np.uint8)
    mnist = torch.from_numpy((pixels.astype(np.float32) / 255.0)[:, None])  # as data.py
    levels, scale = mlp_suite.as_levels(mnist)
    assert scale == 255.0 and torch.equal(training._images(levels, scale), mnist)
    odd = torch.rand(4, 1, 8, 8)
    assert mlp_suite.as_levels(odd) == (odd, 1.0)


def _write_idx(folder: Path, train: int, test: int, seed: int = 0) -> None:
    """A fake MNIST folder: 28x28 uint8 images whose label is a bright 7x7 block's place."""
    rng = np.random.default_rng(seed)
    for part, count in (("train", train), ("t10k", test)):
        labels = rng.integers(0, 10, size=count, dtype=np.uint8)
        images = rng.integers(0, 40, size=(count, 28, 28), dtype=np.uint8)
        for index, label in enumerate(labels):
            row, col = divmod(int(label), 4)
            images[index, 7 * row:7 * row + 7, 7 * col:7 * col + 7] = 255
        (folder / f"{part}-images-idx3-ubyte").write_bytes(
            np.array([2051, count, 28, 28], dtype=">u4").tobytes() + images.tobytes())
        (folder / f"{part}-labels-idx1-ubyte").write_bytes(
            np.array([2049, count], dtype=">u4").tobytes() + labels.tobytes())


def test_cnn_mnist_sized_inputs_fit_under_the_channel_cap(tmp_path, monkeypatch):
    _write_idx(tmp_path, train=60000, test=10000)
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path))
    try:
        inputs = mlp_suite.fit_inputs(catalog.get("cnn"))
        assert inputs["x_train"].dtype == torch.uint8 and inputs["scale"] == 255.0
        size = len(channel.encode({"harness": "training.fit", "inputs": inputs, "seed": 0}))
        assert size < 64 * 1024**2 < channel.MAX_MESSAGE_BYTES  # float32 would be ~220 MB
    finally:
        mlp_suite._images.cache_clear()


def test_mlp_on_a_users_mnist_folder_is_graded_with_28x28_inputs(tmp_path, monkeypatch):
    """The folder stays invisible to the sandboxed worker: the grader sends the data."""
    _write_idx(tmp_path, train=1200, test=300)
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path))
    try:
        result = grade(ROOT / "solutions" / "mlp.py", "mlp")
    finally:
        mlp_suite._images.cache_clear()
    assert result.status == "graded", result.message
    assert "MNIST" in result.training["data"]
    assert result.training["accuracy"] >= 0.95  # the blocks are easy to tell apart
    assert result.score == 10


# ---- determinism and the recorded facts --------------------------------------------

def test_mlp_same_submission_twice_gets_the_same_accuracy(sent_while_grading_reference):
    first, _ = sent_while_grading_reference
    second = grade(ROOT / "solutions" / "mlp.py", "mlp")
    assert first.training["accuracy"] == second.training["accuracy"]
    assert first.training["losses"] == second.training["losses"]


def test_mlp_result_holds_the_training_facts(sent_while_grading_reference):
    result, _ = sent_while_grading_reference
    training_facts = result.training
    assert REQUIRED_TRAINING_KEYS <= set(training_facts)
    assert len(training_facts["losses"]) == mlp_suite.EPOCHS
    assert all(isinstance(value, float) for value in training_facts["losses"])
    assert training_facts["seed"] == mlp_suite.SEED and training_facts["target"] == 0.95
    assert training_facts["device"] == result.device == (
        "cuda" if torch.cuda.is_available() else "cpu")
    assert "90 s on cpu" in training_facts["time_budget"]
    assert training_facts["accuracy"] >= 0.95 and result.misconceptions == []


# ---- probes ------------------------------------------------------------------------

def _probe_run(stem: str, module, epochs: int = 3) -> dict:
    inputs = {**mlp_suite.fit_inputs(catalog.get(stem)), "epochs": epochs}
    return run_trusted(module, "training.fit", inputs, seed=0)


@pytest.mark.parametrize("stem, reference", [("mlp", mlp_reference), ("cnn", cnn_reference)])
def test_reference_trips_no_probe(stem, reference):
    answers = _probe_run(stem, reference)
    assert mlp_suite.findings(answers) == []
    assert answers["probes"]["zero_grad_calls"] == answers["probes"]["backward_calls"] > 0


@pytest.mark.parametrize("mutant", mlp_mutants.MUTANTS + cnn_mutants.MUTANTS,
                         ids=lambda mutant: mutant.id)
def test_each_mutant_is_named_by_its_probe_alone(mutant):
    stem, suffix = mutant.id.split(".")
    reference = {"mlp": mlp_reference, "cnn": cnn_reference}[stem]
    answers = _probe_run(stem, mutant.module(reference))
    expected = [suffix]
    if suffix == "not_on_device" and answers["device"] == "cpu":
        expected = []  # on a CPU machine the model and the batches are on the device
    assert mlp_suite.findings(answers) == expected


def test_mlp_device_probe_reads_the_cuda_facts():
    answers = _probe_run("mlp", mlp_reference, epochs=1)
    on_cuda = {**answers, "device": "cuda"}
    assert mlp_suite.findings({**on_cuda, "params_on_device": True}) == []
    assert mlp_suite.findings({**on_cuda, "params_on_device": False}) == ["not_on_device"]
    probes = {**answers["probes"], "forward_inputs_off_device": 3}
    assert mlp_suite.findings({**on_cuda, "probes": probes}) == ["not_on_device"]
    assert mlp_suite.findings({**answers, "params_on_device": False}) == []  # cpu


def test_mlp_and_cnn_probability_outputs_are_told_from_logits():
    logits = torch.randn(64, 10)
    assert not training._looks_like_probabilities(logits)
    assert training._looks_like_probabilities(torch.softmax(logits, dim=1))
    assert not training._looks_like_probabilities(torch.log_softmax(logits, dim=1))


# ---- budgets, odd trainings, devices ------------------------------------------------

def test_mlp_budget_shortens_the_epochs_and_train_still_returns(monkeypatch):
    short = dataclasses.replace(catalog.get("mlp"), budgets_s=(("cpu", 0.2), ("cuda", 0.2)))
    monkeypatch.setattr(catalog, "get", lambda stem, get=catalog.get: short if stem == "mlp"
                        else get(stem))
    _probe_run("mlp", mlp_reference, epochs=1)  # warm: a first Adam imports for a second
    answers = run_trusted(mlp_reference, "training.fit", mlp_suite.fit_inputs(short))
    assert answers["truncated_at_batch"] is not None and not answers["stopped_at_budget"]
    assert len(answers["losses"]) == mlp_suite.EPOCHS  # later epochs: one batch each
    assert 0 < answers["batches_trained"] - answers["truncated_at_batch"] < mlp_suite.EPOCHS
    result = grade(ROOT / "solutions" / "mlp.py", "mlp")
    assert case(result, "test_train_returns_one_loss_per_epoch").outcome == "passed"
    assert "used up its budget of 0.2 s on cpu" in result.training["budget_used_up"]
    accuracy = case(result, "test_accuracy_on_held_out_images")
    if accuracy.outcome != "passed":
        assert "used up its budget of 0.2 s on cpu" in accuracy.message
    assert result.training["time_budget"] == "0.2 s on cpu, 0.2 s on cuda"


STEP_COUNTER = NO_EPOCHS.replace('''    for _ in range(epochs - 20):  # "I'll train it later"
        pass
''', '''    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    step = 0
    while step < 10**9:  # counts steps, not passes over the loader
        for images, labels in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(images), labels).backward()
            optimizer.step()
            step += 1
''')


def test_mlp_training_past_budget_and_grace_is_stopped_and_judged(monkeypatch, tmp_path):
    short = dataclasses.replace(catalog.get("mlp"), budgets_s=(("cpu", 1.0), ("cuda", 1.0)))
    monkeypatch.setattr(catalog, "get", lambda stem, get=catalog.get: short if stem == "mlp"
                        else get(stem))
    result = grade(write(tmp_path, "mlp.py", STEP_COUNTER), "mlp")
    assert result.status == "graded", result.message
    losses = case(result, "test_train_returns_one_loss_per_epoch")
    assert "did not return within its budget of 1 s on cpu" in losses.message
    accuracy = case(result, "test_accuracy_on_held_out_images")
    assert accuracy.outcome in ("passed", "failed") and accuracy.points > 0
    assert "was stopped" in result.training["budget_used_up"]


def test_mlp_zero_epochs_returns_no_losses_and_scores_near_nothing(tmp_path):
    result = grade(write(tmp_path, "mlp.py", NO_EPOCHS), "mlp")
    assert result.status == "graded"
    assert "returned 0 values" in case(result, "test_train_returns_one_loss_per_epoch").message
    accuracy = case(result, "test_accuracy_on_held_out_images")
    assert accuracy.outcome == "failed" and accuracy.points < 1.5
    assert result.misconceptions == []


@pytest.mark.skipif(torch.cuda.is_available(), reason="on a GPU ignoring `device` is a mistake")
def test_mlp_ignoring_device_costs_nothing_on_a_cpu_machine(tmp_path):
    result = grade(write(tmp_path, "mlp.py", IGNORES_DEVICE), "mlp")
    assert result.score == 10 and result.misconceptions == []


@CUDA
def test_mlp_ignoring_device_is_named_on_a_gpu_machine(tmp_path):
    result = grade(write(tmp_path, "mlp.py", IGNORES_DEVICE), "mlp")
    assert result.device == "cuda", "the worker does not see the GPU (sandbox?)"
    assert [item.id for item in result.misconceptions] == ["mlp.not_on_device"]
    assert case(result, "test_model_is_on_the_device").outcome == "failed"


@CUDA
@pytest.mark.parametrize("stem", ["mlp", "cnn"])
def test_references_train_on_the_gpu_with_full_marks(stem):
    result = grade(ROOT / "solutions" / f"{stem}.py", stem)
    assert result.device == "cuda", "the worker does not see the GPU (sandbox?)"
    assert result.score == 10 and result.misconceptions == []
