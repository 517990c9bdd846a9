"""The exercise catalog: one entry per stem, and how a file name maps to a stem.

The names, signatures and semantics of each exercise are the contract with students
(`exercises.md`); this module only lists them, with the points and time limits the
grader applies.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from grader.errors import UserInputError


@dataclass(frozen=True)
class Exercise:
    """One exercise of the catalog.

    `names` are the public names a submission must define. `time_limit_s` bounds the
    whole grading of one submission (wall clock); `call_limit_s` bounds each single
    call into student code, so one hanging function costs only its own tests.
    `warm` is the zygote warm-up the exercise's student code profits from: `full` when
    it typically trains with `torch.optim` (see grader.engine.worker_side.warmup). `budgets_s` is, for a
    training exercise, the wall-clock training budget per device type (`cpu`, `cuda`):
    a training still running when its device's budget is spent is stopped at the next
    batch and judged as it was (see grader.engine.worker_side.harness.training). `origin` says where the
    exercise comes from: `built-in`, or a course folder or pack (grader.authoring.course).
    `forbid` names the group of APIs the contract forbids (grader.judge.forbidden_static.RULES)
    inside the functions `forbid_in` (default: all `names`); the grader judges their
    source in the trusted process, and their calls in the worker as well.
    """

    stem: str
    concept: str
    names: tuple[str, ...]
    points: int
    time_limit_s: float = 30.0
    call_limit_s: float = 5.0
    training: bool = False
    warm: str = "light"
    budgets_s: tuple[tuple[str, float], ...] = ()
    origin: str = "built-in"
    forbid: str = ""
    forbid_in: tuple[str, ...] = ()

    def budget_s(self, device: str) -> float | None:
        """The training budget on `device` (a device type), None if it has none."""
        return dict(self.budgets_s).get(device)

    def forbidden_scope(self) -> tuple[str, ...]:
        """The functions whose code must not reach the `forbid` group's APIs."""
        return (self.forbid_in or self.names) if self.forbid else ()


CATALOG: tuple[Exercise, ...] = (
    Exercise("linear_model", "Forward pass, loss and exhaustive search",
             ("forward", "loss", "mse", "scan", "best_weight"), 10),
    Exercise("gradient_descent", "Manual gradients: batch GD and SGD",
             ("cost", "gradient", "train_gd", "sample_gradient", "train_sgd"), 10,
             forbid="no_torch"),
    Exercise("autograd", "Backward with autograd",
             ("train_autograd", "quadratic_grads"), 10),
    Exercise("linear_regression", "nn.Module, loss and optimizer",
             ("LinearModel", "train"), 10, warm="full"),
    Exercise("logistic_regression", "Binary classification on tabular data",
             ("BinaryClassifier", "train"), 10, time_limit_s=60.0, call_limit_s=30.0,
             warm="full"),
    Exercise("activations", "Activation functions and their derivatives",
             ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
              "leaky_relu", "leaky_relu_grad", "softmax"), 10, forbid="activations"),
    Exercise("cross_entropy", "Multi-class cross-entropy loss",
             ("log_softmax", "nll_loss", "cross_entropy"), 10, forbid="cross_entropy"),
    Exercise("perceptron", "Perceptron rule and XOR",
             ("perceptron_train", "xor_model"), 10, call_limit_s=20.0, warm="full"),
    Exercise("mlp_scratch", "An MLP from raw parameters",
             ("init_params", "relu", "net"), 10),
    Exercise("momentum", "SGD with momentum update rule",
             ("momentum_step", "SGDMomentum"), 10,
             forbid="optimizers", forbid_in=("momentum_step",)),
    Exercise("adagrad", "Adagrad update rule", ("adagrad_step", "Adagrad"), 10,
             forbid="optimizers", forbid_in=("adagrad_step",)),
    Exercise("rmsprop", "RMSprop update rule", ("rmsprop_step", "RMSprop"), 10,
             forbid="optimizers", forbid_in=("rmsprop_step",)),
    Exercise("adadelta", "Adadelta update rule", ("adadelta_step", "Adadelta"), 10,
             forbid="optimizers", forbid_in=("adadelta_step",)),
    Exercise("adam", "Adam update rule", ("adam_step", "Adam"), 10,
             forbid="optimizers", forbid_in=("adam_step",)),
    Exercise("mlp", "Train an MLP to a target accuracy",
             ("build_model", "train"), 10, time_limit_s=180.0, call_limit_s=150.0,
             training=True, warm="full", budgets_s=(("cpu", 90.0), ("cuda", 60.0))),
    Exercise("cnn", "Train a CNN to a target accuracy",
             ("build_model", "train", "conv_output_size"), 10, time_limit_s=240.0,
             call_limit_s=200.0, training=True, warm="full",
             budgets_s=(("cpu", 150.0), ("cuda", 60.0))),
)

STEMS: tuple[str, ...] = tuple(exercise.stem for exercise in CATALOG)
_BY_STEM = {exercise.stem: exercise for exercise in CATALOG}


class UnknownExercise(UserInputError, ValueError):
    """A stem or file name that names no exercise; the message lists close matches."""


def exercises() -> tuple[Exercise, ...]:
    """The built-in exercises with the active courses' added or overriding them
    (grader.authoring.course: `grade --course DIR`, TORCHGRADE_COURSE, installed course packs)."""
    return tuple(_known().values())


def _known() -> dict[str, Exercise]:
    from grader.authoring import course  # imported here: grader.authoring.course builds on this module

    return course.merged(_BY_STEM)


def get(stem: str) -> Exercise:
    """Return the exercise named `stem`, or raise UnknownExercise with close matches."""
    known = _known()
    if stem in known:
        return known[stem]
    close = difflib.get_close_matches(stem, list(known), n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UnknownExercise(
        f"unknown exercise {stem!r}.{hint} Exercises: {', '.join(known)}.")


def stem_for_file(path: str | Path) -> str:
    """Infer the exercise of a submission file from its name.

    Case and separators do not matter (`RMSprop.py`, `LinearModel.py` -> `rmsprop`,
    `linear_model`); a prefix does (`hw3_rmsprop.py`, `hw3-RMSprop.ipynb` -> `rmsprop`,
    the longest stem winning, so `mlp_scratch.py` is never `mlp`); copy marks that
    browsers, operating systems and students add are ignored (`rmsprop (1).py`,
    `rmsprop - Copy.py`, `rmsprop_final_v2.py`). Raises UnknownExercise.
    """
    name = Path(path).stem
    known = _known()
    if name in known:
        return name
    words = _words(name)
    while words:
        found = _stem_for_words(words, known)
        if found:
            return found
        if not _COPY_MARK.fullmatch(words[-1]):
            break
        words = words[:-1]
    raise UnknownExercise(
        f"cannot tell which exercise {Path(path).name!r} is: name it after a stem "
        f"(e.g. rmsprop.py or hw3_rmsprop.py) or pass --exercise STEM. "
        f"Exercises: {', '.join(known)}.")


# Words a copy of a file gets at the end of its name: "(1)", "Copy", "final", "v2", ...
_COPY_MARK = re.compile(r"\d+|v\d+|copy|final|late|new|updated|fixed|revised|draft|resubmit"
                        r"|resubmission|submission")


def _words(name: str) -> tuple[str, ...]:
    """`name` as lower-case words: split at anything but letters and digits, and where a
    lower-case letter or digit meets an upper-case one (`hw3RMSprop` -> hw3, rmsprop)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return tuple(word.lower() for word in re.split(r"[\W_]+", spaced) if word)


def _stem_for_words(words: tuple[str, ...], known: dict) -> str | None:
    """The longest stem that is all of `words` (separators ignored, so `LinearModel`
    is `linear_model`) or their last words (`hw3 rmsprop`)."""
    joined = "".join(words)
    matches = []
    for stem in known:
        stem_words = _words(stem)
        if joined == "".join(stem_words) or \
                (len(words) > len(stem_words) and words[-len(stem_words):] == stem_words):
            matches.append(stem)
    return max(matches, key=len) if matches else None
