"""grader.data: the offline digits and breast-cancer splits, and the MNIST IDX reader."""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest
import torch

from grader import data
from grader.data import DataError, load_digits, load_images, load_mnist, load_tabular


def test_digits_split_shapes_dtypes_and_range():
    split = load_digits()
    assert split.x_train.shape == (1347, 1, 8, 8)
    assert split.x_test.shape == (450, 1, 8, 8)
    assert split.x_train.dtype == split.x_test.dtype == torch.float32
    assert split.y_train.dtype == split.y_test.dtype == torch.int64
    assert split.y_train.shape == (1347,) and split.y_test.shape == (450,)
    pixels = torch.cat([split.x_train, split.x_test])
    assert pixels.min() == 0.0 and pixels.max() == 1.0
    assert split.input_shape == (1, 8, 8) and split.num_classes == 10
    assert set(split.y_test.tolist()) == set(range(10))


def test_digits_split_is_deterministic_and_independent_of_global_rng():
    torch.manual_seed(123)
    np.random.seed(123)
    first = load_digits()
    torch.manual_seed(7)
    np.random.seed(7)
    second = load_digits()
    assert torch.equal(first.x_train, second.x_train)
    assert torch.equal(first.y_test, second.y_test)
    other = load_digits(seed=1)
    assert not torch.equal(first.y_test, other.y_test)


def test_digits_train_and_test_are_disjoint_and_cover_the_data():
    from sklearn.datasets import load_digits as sk_digits

    split = load_digits()
    bunch = sk_digits()

    def rows(images):  # the set of distinct images, as bytes
        return {row.tobytes() for row in images.reshape(len(images), -1).numpy()}

    # the 1,797 digits are all distinct images, so sets of rows identify the samples
    everything = rows(torch.from_numpy((bunch.data / 16.0).astype(np.float32)))
    assert len(everything) == 1797
    train, test = rows(split.x_train), rows(split.x_test)
    assert not train & test
    assert train | test == everything
    # and each image keeps its own label
    label_of = {(row / 16.0).astype(np.float32).tobytes(): label
                for row, label in zip(bunch.data, bunch.target)}
    for image, label in zip(split.x_test.reshape(450, -1).numpy(), split.y_test.tolist()):
        assert label_of[image.tobytes()] == label


def test_digits_split_is_stratified():
    split = load_digits(test_fraction=0.2)
    counts = torch.bincount(split.y_test, minlength=10).float()
    assert len(split.y_test) == 360
    assert counts.min() >= 35 and counts.max() <= 37


def test_digits_rejects_bad_fraction():
    with pytest.raises(ValueError, match="test_fraction"):
        load_digits(test_fraction=1.5)


# ---- MNIST: synthetic IDX files written here --------------------------------------

def _idx_bytes(magic: int, array: np.ndarray) -> bytes:
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def _write_mnist(folder, n_train=12, n_test=5, size=28, gz=False, dotted=False):
    """Write the four IDX files; return the arrays written."""
    rng = np.random.default_rng(0)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, size, size)),
        "train-labels-idx1-ubyte": rng.integers(0, 10, n_train),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, size, size)),
        "t10k-labels-idx1-ubyte": rng.integers(0, 10, n_test),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        magic = 2051 if array.ndim == 3 else 2049
        raw = _idx_bytes(magic, array)
        if dotted:
            name = name.replace("-idx", ".idx")
        if gz:
            (folder / (name + ".gz")).write_bytes(gzip.compress(raw))
        else:
            (folder / name).write_bytes(raw)
    return arrays


@pytest.mark.parametrize("gz,dotted", [(False, False), (True, False), (False, True)])
def test_mnist_reads_idx_files(tmp_path, gz, dotted):
    arrays = _write_mnist(tmp_path / "mnist", gz=gz, dotted=dotted)
    split = load_mnist(tmp_path / "mnist")
    assert split.x_train.shape == (12, 1, 28, 28) and split.x_test.shape == (5, 1, 28, 28)
    assert split.x_train.dtype == torch.float32 and split.y_train.dtype == torch.int64
    assert split.input_shape == (1, 28, 28) and split.num_classes == 10
    expected = torch.from_numpy(arrays["train-images-idx3-ubyte"].astype(np.float32) / 255)
    torch.testing.assert_close(split.x_train[:, 0], expected)
    assert split.y_test.tolist() == arrays["t10k-labels-idx1-ubyte"].tolist()
    assert 0.0 <= split.x_test.min() and split.x_test.max() <= 1.0


def test_mnist_missing_folder(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_mnist(tmp_path / "nowhere")


def test_mnist_missing_files_are_listed(tmp_path):
    _write_mnist(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    (tmp_path / "train-images-idx3-ubyte").unlink()
    with pytest.raises(DataError) as error:
        load_mnist(tmp_path)
    message = str(error.value)
    assert "t10k-labels-idx1-ubyte" in message and "train-images-idx3-ubyte" in message
    assert "train-labels-idx1-ubyte" not in message


def test_mnist_wrong_magic_number(tmp_path):
    _write_mnist(tmp_path)
    labels = np.zeros(12, dtype=np.uint8)
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(_idx_bytes(2051, labels))
    with pytest.raises(DataError, match=r"magic number 2051, expected 2049"):
        load_mnist(tmp_path)


def test_mnist_truncated_file(tmp_path):
    _write_mnist(tmp_path)
    path = tmp_path / "t10k-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(DataError, match="t10k-images-idx3-ubyte is truncated"):
        load_mnist(tmp_path)
    path.write_bytes(b"\x00\x00")
    with pytest.raises(DataError, match="truncated"):
        load_mnist(tmp_path)


def test_mnist_truncated_gzip(tmp_path):
    _write_mnist(tmp_path, gz=True)
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DataError, match=r"train-labels-idx1-ubyte\.gz is truncated"):
        load_mnist(tmp_path)


def test_mnist_image_and_label_counts_must_agree(tmp_path):
    _write_mnist(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(_idx_bytes(2049, np.zeros(11)))
    with pytest.raises(DataError, match="12 images but 11 labels"):
        load_mnist(tmp_path)


def test_mnist_labels_must_be_digits(tmp_path):
    _write_mnist(tmp_path)
    labels = np.full(5, 10)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(_idx_bytes(2049, labels))
    with pytest.raises(DataError, match="expected digits 0..9"):
        load_mnist(tmp_path)


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


# ---- load_images: digits by default, MNIST on request --------------------------------

def test_load_images_defaults_to_digits(monkeypatch):
    monkeypatch.delenv(data.DATA_ENV_VAR, raising=False)
    assert load_images().input_shape == (1, 8, 8)


def test_load_images_honours_argument_and_env_var(tmp_path, monkeypatch):
    _write_mnist(tmp_path / "mnist")
    monkeypatch.delenv(data.DATA_ENV_VAR, raising=False)
    assert load_images(str(tmp_path / "mnist")).x_train.shape == (12, 1, 28, 28)
    monkeypatch.setenv("TORCHGRADE_DATA", str(tmp_path / "mnist"))
    assert load_images().x_test.shape == (5, 1, 28, 28)
    monkeypatch.setenv("TORCHGRADE_DATA", str(tmp_path / "absent"))
    with pytest.raises(DataError, match="absent"):
        load_images()


# ---- tabular: Wisconsin breast cancer ------------------------------------------------

def test_tabular_split_shapes_and_dtypes():
    split = load_tabular()
    assert split.x_train.shape == (426, 30) and split.x_test.shape == (143, 30)
    assert split.y_train.shape == (426, 1) and split.y_test.shape == (143, 1)
    assert split.num_features == 30
    for tensor in (split.x_train, split.y_train, split.x_test, split.y_test):
        assert tensor.dtype == torch.float32
    assert set(torch.cat([split.y_train, split.y_test]).unique().tolist()) == {0.0, 1.0}


def test_tabular_is_standardised_with_train_statistics():
    split = load_tabular()
    torch.testing.assert_close(split.x_train.mean(dim=0), torch.zeros(30),
                               atol=1e-5, rtol=0)
    torch.testing.assert_close(split.x_train.std(dim=0, unbiased=False), torch.ones(30),
                               atol=1e-4, rtol=0)
    # the test split uses the train statistics, so it is close to, not exactly, standard
    assert split.x_test.mean(dim=0).abs().max() < 0.5
    assert not torch.allclose(split.x_test.mean(dim=0), torch.zeros(30), atol=1e-5)


def test_tabular_split_is_deterministic_and_stratified():
    torch.manual_seed(1)
    first = load_tabular()
    torch.manual_seed(2)
    second = load_tabular()
    assert torch.equal(first.x_test, second.x_test)
    assert torch.equal(first.y_train, second.y_train)
    assert not torch.equal(first.y_test, load_tabular(seed=3).y_test)
    positive_rate = lambda y: y.mean().item()  # noqa: E731
    assert abs(positive_rate(first.y_train) - positive_rate(first.y_test)) < 0.01
