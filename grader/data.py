"""Offline data for the training exercises: nothing is ever downloaded.

Images (`mlp`, `cnn`)
    By default scikit-learn's bundled 8x8 handwritten digits (1,797 images, 10 classes,
    shipped inside the scikit-learn wheel), as float32 (N, 1, 8, 8) in [0, 1]. A real
    MNIST folder (the four standard IDX files, optionally gzipped) can be named instead,
    with `load_images(data_dir)` or the `TORCHGRADE_DATA` environment variable.

Tabular (`logistic_regression`)
    The course's notebook uses the Pima diabetes table, hence the contract's default
    `BinaryClassifier(in_features=8)`. That table does not ship offline, so we grade on
    the real Wisconsin breast cancer data bundled with scikit-learn (569 rows, 30
    features, binary) and build the model with `in_features=30`.

Every split is deterministic (a fixed seed, independent of the global RNGs) and
stratified, so the same seed always gives the same train/test rows.

Held out from workers
    The files these data sets come from (`held_out_files`, in the folders
    `held_out_dirs`) hold the held-out rows with their labels: a worker that could read
    them could look its answers up instead of learning them. The bubblewrap sandbox
    hides those folders (grader.engine.sandbox): workers see scikit-learn's data folder as
    `training_view` writes it, the digits and breast cancer tables cut down to the
    training rows of the splits above (so a student's demo code that loads them still
    runs), and no MNIST folder at all. In `rlimits` mode nothing can be hidden, and the
    results of the exercises judged on them (HELD_OUT_EXERCISES) say so.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from grader.errors import UserInputError

DATA_ENV_VAR = "TORCHGRADE_DATA"
HELD_OUT_EXERCISES = ("mlp", "cnn", "logistic_regression")  # judged on held-out rows
SKLEARN_FILES = ("digits.csv.gz", "breast_cancer.csv")  # in sklearn/datasets/data
SEED, TEST_FRACTION = 0, 0.25  # the default split of both

IDX_IMAGES_MAGIC = 2051
IDX_LABELS_MAGIC = 2049

# (role, standard file name); the dot variant `train-images.idx3-ubyte` is also accepted.
MNIST_FILES: tuple[tuple[str, str], ...] = (
    ("train_images", "train-images-idx3-ubyte"),
    ("train_labels", "train-labels-idx1-ubyte"),
    ("test_images", "t10k-images-idx3-ubyte"),
    ("test_labels", "t10k-labels-idx1-ubyte"),
)


class DataError(UserInputError, ValueError):
    """A data folder or file that cannot be loaded; the message says which and why."""


@dataclass(frozen=True)
class ImageSplit:
    """10-class images as float32 (N, 1, H, W) in [0, 1], labels int64 (N,)."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    input_shape: tuple[int, int, int]
    num_classes: int
    name: str


@dataclass(frozen=True)
class TabularSplit:
    """Standardised float32 features (N, F) and float32 binary labels (N, 1)."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    name: str

    @property
    def num_features(self) -> int:
        return self.x_train.shape[1]


def _split_indices(labels: np.ndarray, seed: int,
                   test_fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Stratified, seeded train/test row indices (sorted), independent of global RNGs."""
    from sklearn.model_selection import train_test_split

    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    rows = np.arange(len(labels))
    train, test = train_test_split(rows, test_size=test_fraction, random_state=seed,
                                   stratify=labels)
    return np.sort(train), np.sort(test)


def load_digits(seed: int = SEED, test_fraction: float = TEST_FRACTION) -> ImageSplit:
    """scikit-learn's 8x8 digits, split stratified with `seed`; pixels 0..16 -> [0, 1]."""
    from sklearn.datasets import load_digits as sk_digits

    bunch = sk_digits()
    images = (bunch.images / 16.0).astype(np.float32)[:, None]  # (N, 1, 8, 8)
    labels = bunch.target.astype(np.int64)  # (N,)
    train, test = _split_indices(labels, seed, test_fraction)
    return ImageSplit(
        x_train=torch.from_numpy(images[train]), y_train=torch.from_numpy(labels[train]),
        x_test=torch.from_numpy(images[test]), y_test=torch.from_numpy(labels[test]),
        input_shape=(1, 8, 8), num_classes=10,
        name=f"scikit-learn 8x8 digits (seed={seed}, test_fraction={test_fraction})",
    )


def _find_idx_file(folder: Path, name: str) -> Path | None:
    """The file for `name` in `folder`: plain or .gz, dash or dot before `idx`."""
    dotted = name.replace("-idx", ".idx")
    for candidate in (name, name + ".gz", dotted, dotted + ".gz"):
        path = folder / candidate
        if path.is_file():
            return path
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as handle:
                return handle.read()
        return path.read_bytes()
    except EOFError as error:
        raise DataError(f"{path} is truncated: its gzip stream ends early") from error
    except OSError as error:  # gzip.BadGzipFile is an OSError
        raise DataError(f"cannot read {path}: {error}") from error


def read_idx(path: str | os.PathLike, magic: int) -> np.ndarray:
    """Parse one IDX file (uint8 data): big-endian magic, dims, then the payload.

    Images (magic 2051) come back as (N, rows, cols), labels (magic 2049) as (N,).
    """
    path = Path(path)
    raw = _read_bytes(path)
    ndim = {IDX_IMAGES_MAGIC: 3, IDX_LABELS_MAGIC: 1}[magic]
    header_size = 4 * (1 + ndim)
    if len(raw) < header_size:
        raise DataError(f"{path} is truncated: {len(raw)} bytes, shorter than its "
                        f"{header_size}-byte IDX header")
    found, *dims = np.frombuffer(raw, dtype=">u4", count=1 + ndim).tolist()
    if found != magic:
        raise DataError(f"{path} is not an IDX {'image' if ndim == 3 else 'label'} "
                        f"file: magic number {found}, expected {magic}")
    expected = int(np.prod(dims))
    payload = len(raw) - header_size
    if payload != expected:
        state = "truncated" if payload < expected else "longer than its header says"
        raise DataError(f"{path} is {state}: header gives dimensions {tuple(dims)} "
                        f"({expected} bytes of data), file holds {payload}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header_size).reshape(dims)


def load_mnist(folder: str | os.PathLike) -> ImageSplit:
    """A user's MNIST folder of IDX files; images (N, 1, 28, 28) float32 in [0, 1]."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise DataError(f"MNIST folder {folder} does not exist or is not a folder")
    paths = {role: _find_idx_file(folder, name) for role, name in MNIST_FILES}
    missing = [name for role, name in MNIST_FILES if paths[role] is None]
    if missing:
        raise DataError(f"MNIST folder {folder} lacks {', '.join(missing)} "
                        "(each may also end in .gz)")
    found = {role: path for role, path in paths.items() if path is not None}
    arrays = {}
    for part in ("train", "test"):
        images = read_idx(found[f"{part}_images"], IDX_IMAGES_MAGIC)  # (N, H, W)
        labels = read_idx(found[f"{part}_labels"], IDX_LABELS_MAGIC)  # (N,)
        if len(images) != len(labels):
            raise DataError(f"MNIST {part} split in {folder} has {len(images)} images "
                            f"but {len(labels)} labels")
        if len(labels) and labels.max() >= 10:
            raise DataError(f"MNIST {part} labels in {folder} go up to {labels.max()}; "
                            "expected digits 0..9")
        arrays[part] = (images, labels)
    if arrays["train"][0].shape[1:] != arrays["test"][0].shape[1:]:
        raise DataError(f"MNIST folder {folder}: train and test images differ in size")
    (x_train, y_train), (x_test, y_test) = arrays["train"], arrays["test"]
    height, width = x_train.shape[1:]
    return ImageSplit(
        x_train=_to_images(x_train), y_train=torch.from_numpy(y_train.astype(np.int64)),
        x_test=_to_images(x_test), y_test=torch.from_numpy(y_test.astype(np.int64)),
        input_shape=(1, height, width), num_classes=10, name=f"MNIST from {folder}",
    )


def _to_images(pixels: np.ndarray) -> torch.Tensor:
    """uint8 (N, H, W) -> float32 (N, 1, H, W) in [0, 1]."""
    return torch.from_numpy((pixels.astype(np.float32) / 255.0)[:, None])


def load_images(data_dir: str | os.PathLike | None = None) -> ImageSplit:
    """Images for `mlp`/`cnn`: MNIST from `data_dir` or $TORCHGRADE_DATA, else digits."""
    if data_dir is None:
        data_dir = os.environ.get(DATA_ENV_VAR) or None
    if data_dir is None:
        return load_digits()
    return load_mnist(data_dir)


def load_tabular(seed: int = SEED, test_fraction: float = TEST_FRACTION) -> TabularSplit:
    """Wisconsin breast cancer (569 x 30), standardised with the train split's mean/std."""
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    features = bunch.data.astype(np.float64)  # (569, 30)
    labels = bunch.target.astype(np.float32)[:, None]  # (569, 1)
    train, test = _split_indices(bunch.target, seed, test_fraction)
    mean = features[train].mean(axis=0)
    std = features[train].std(axis=0)
    std[std == 0] = 1.0
    scaled = ((features - mean) / std).astype(np.float32)
    return TabularSplit(
        x_train=torch.from_numpy(scaled[train]), y_train=torch.from_numpy(labels[train]),
        x_test=torch.from_numpy(scaled[test]), y_test=torch.from_numpy(labels[test]),
        name=f"scikit-learn Wisconsin breast cancer (seed={seed}, "
             f"test_fraction={test_fraction})",
    )


# ---- where the held-out data lives ---------------------------------------------------

def held_out_dirs() -> list[Path]:
    """The folders the evaluated data sets are read from: scikit-learn's bundled data
    folder (`sklearn.datasets.data`, found without importing scikit-learn) and the
    MNIST folder named by $TORCHGRADE_DATA, when they exist."""
    sklearn_data = sklearn_data_dir()
    folders = [sklearn_data] if sklearn_data else []
    if os.environ.get(DATA_ENV_VAR):
        folders.append(Path(os.environ[DATA_ENV_VAR]).expanduser().resolve())
    return [folder for folder in folders if folder.is_dir()]


def sklearn_data_dir() -> Path | None:
    """scikit-learn's bundled data folder (`sklearn.datasets.data`), found without
    importing scikit-learn; None where scikit-learn is not installed."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).resolve().parent / "datasets" / "data"


def training_view(folder: Path) -> Path | None:
    """What a worker sees in place of held-out folder `folder`: for scikit-learn's data
    folder, a copy whose digits and breast cancer tables hold only the training rows
    (written once per scikit-learn install, under the temporary folder); None for any
    other folder (the worker then sees an empty one)."""
    if folder != sklearn_data_dir():
        return None
    try:
        return _training_copy(str(folder))
    except OSError:  # no temporary folder to write to: the worker sees an empty folder
        return None


@functools.lru_cache(maxsize=None)
def _training_copy(source: str) -> Path:
    facts = f"{source} {os.path.getmtime(source)} {SEED} {TEST_FRACTION}"
    key = hashlib.sha256(facts.encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"torchgrade-training-data-{key}"
    if target.is_dir() and target.stat().st_uid == os.getuid():
        return target  # written earlier, by this user (nobody else's files are trusted)
    draft = Path(tempfile.mkdtemp(prefix=target.name + "-"))
    for path in Path(source).iterdir():
        if path.is_file() and path.name not in SKLEARN_FILES:
            shutil.copyfile(path, draft / path.name)
    _write_training_rows(Path(source) / "digits.csv.gz", draft / "digits.csv.gz",
                         header=False)
    _write_training_rows(Path(source) / "breast_cancer.csv", draft / "breast_cancer.csv",
                         header=True)
    for path in draft.iterdir():  # readable by the workers' uids
        path.chmod(0o644)
    draft.chmod(0o755)
    try:
        draft.rename(target)
    except OSError:  # written meanwhile (the same content), or someone else's: use ours
        return draft
    return target


def _write_training_rows(source: Path, target: Path, header: bool) -> None:
    """Copy of the CSV table `source` (label last) keeping only the rows of the default
    training split, chosen as `load_digits`/`load_tabular` choose them, in file order;
    a header's row count is updated."""
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt") as handle:
        lines = handle.read().splitlines()
    first, rows = (lines[:1], lines[1:]) if header else ([], lines)
    labels = np.array([row.rsplit(",", 1)[1] for row in rows])
    train, _ = _split_indices(labels.astype(float).astype(np.int64), SEED, TEST_FRACTION)
    if header:
        first = [",".join([str(len(train)), *first[0].split(",")[1:]])]
    with opener(target, "wt") as handle:
        handle.write("\n".join(first + [rows[row] for row in train]) + "\n")


def held_out_files() -> list[Path]:
    """The files of `held_out_dirs` that hold evaluated data: scikit-learn's digits and
    breast cancer tables, and every IDX file (any spelling) of the MNIST folder."""
    found = []
    for folder in held_out_dirs():
        names = list(SKLEARN_FILES)
        for _, name in MNIST_FILES:
            dotted = name.replace("-idx", ".idx")
            names += [name, name + ".gz", dotted, dotted + ".gz"]
        found += [folder / name for name in names if (folder / name).is_file()]
    return found
