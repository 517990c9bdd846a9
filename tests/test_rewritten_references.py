"""Each reference, rewritten in a way the contract leaves free, still gets full marks.

A rewrite keeps what every function computes but changes a free choice: the dtype it
computes in (float32 where the exercise leaves it free, float64 intermediates cast
back where it does not), NumPy numbers and arrays returned where a float or a list is
expected, another initial weight scale, hyperparameters rounded through float32. The
rewritten file is graded like a student's: any point lost, or any mistake named, is
a test that pins a free choice, i.e. a false failure.

`mlp` and `cnn` are left out (a training run each); their free choices are covered by
the course-style files under tests/submissions/ (NumPy losses, log_softmax + nll_loss).
"""

from pathlib import Path

import pytest

from grader.judge.runner import grade

SOLUTIONS = Path(__file__).parent.parent / "solutions"

NUMPY = "import numpy as _np\n"

# Appended wrappers: `name = _wrap(name, how)` rebinds `name` to `how(name)`, by plain
# assignment (the source verdict on forbidden APIs reads through it, as through a
# decorator; rebinding through `globals()` would be evasion).
WRAP = '''
import functools as _functools


def _wrap(original, how):
    return _functools.wraps(original)(how(original))


def _float32_numbers(function):
    """Call `function` with every float argument it is given rounded through float32,
    as a rule that keeps its hyperparameters in float32 tensors would."""
    def rounded(*args, **kwargs):
        args = [float(_np.float32(a)) if type(a) is float else a for a in args]
        kwargs = {k: float(_np.float32(v)) if type(v) is float else v
                  for k, v in kwargs.items()}
        return function(*args, **kwargs)
    return rounded


def _in_float64(function):
    """Compute in float64, return in the input's dtype."""
    def widened(x, *args, **kwargs):
        return function(x.double(), *args, **kwargs).to(x.dtype)
    return widened


def _numpy_number(function):
    return lambda *args, **kwargs: _np.float64(function(*args, **kwargs))


def _numpy_trained(function):
    """`(w, records)` returned as a NumPy float and a NumPy array."""
    def trained(*args, **kwargs):
        w, records = function(*args, **kwargs)
        return _np.float64(w), _np.array(records)
    return trained


def _numpy_losses(function):
    return lambda *args, **kwargs: _np.array(function(*args, **kwargs))
'''

OPTIMIZER = "{0} = _wrap({0}, _float32_numbers)\n"

# stem -> ([(old, new) source replacements], appended code)
REWRITES = {
    "linear_model": ([], "mse = _wrap(mse, _numpy_number)\n"
                         "best_weight = _wrap(best_weight, _numpy_number)\n"
                         "scan = _wrap(scan, lambda f: lambda *a: _np.array(f(*a)))\n"),
    "gradient_descent": ([], "".join(f"{name} = _wrap({name}, _numpy_number)\n" for name in
                                     ("cost", "gradient", "sample_gradient"))
                         + "train_gd = _wrap(train_gd, _numpy_trained)\n"
                           "train_sgd = _wrap(train_sgd, _numpy_trained)\n"),
    "autograd": ([("dtype=torch.float64", "dtype=torch.float32")],
                 "train_autograd = _wrap(train_autograd, _numpy_trained)\n"),
    "linear_regression": ([], "train = _wrap(train, _numpy_losses)\n"),
    "logistic_regression": ([], "train = _wrap(train, _numpy_losses)\n"),
    "activations": ([], "".join(f"{name} = _wrap({name}, _in_float64)\n" for name in (
        "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad", "leaky_relu",
        "leaky_relu_grad", "softmax"))),
    "cross_entropy": ([], "log_softmax = _wrap(log_softmax, _in_float64)\n"
                          "nll_loss = _wrap(nll_loss, _in_float64)\n"),
    "perceptron": ([("w = torch.zeros(X.shape[1], dtype=X.dtype)",
                     "w = torch.zeros(X.shape[1])"),
                    ("for x_i, y_i in zip(X, y.tolist())",
                     "for x_i, y_i in zip(X.float(), y.tolist())"),
                    ("return w, float(b)", "return w.numpy(), _np.float64(b)")], ""),
    "mlp_scratch": ([("generator=generator) * 0.01", "generator=generator) * 0.1")], ""),
    "momentum": ([], OPTIMIZER.format("momentum_step")),
    "adagrad": ([], OPTIMIZER.format("adagrad_step")),
    "rmsprop": ([], OPTIMIZER.format("rmsprop_step")),
    "adadelta": ([], OPTIMIZER.format("adadelta_step")),
    "adam": ([], OPTIMIZER.format("adam_step")),
}


def rewritten(stem: str) -> str:
    """The reference's source with the stem's rewrite applied."""
    replacements, appended = REWRITES[stem]
    source = (SOLUTIONS / f"{stem}.py").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in source, f"the rewrite of {stem} no longer applies: {old!r}"
        source = source.replace(old, new)
    return "\n".join([source, "# ---- rewritten ----", NUMPY, WRAP, appended])


@pytest.mark.parametrize("stem", sorted(REWRITES))
def test_rewritten_reference_gets_full_marks(stem, tmp_path):
    path = tmp_path / f"{stem}.py"
    path.write_text(rewritten(stem), encoding="utf-8")
    result = grade(path, stem)
    lost = [f"{case.name}: {case.message}" for case in result.tests
            if case.points < case.max_points]
    assert result.status == "graded", result.message
    assert result.score == result.max_score, "\n".join(lost)
    assert not result.misconceptions, [item.id for item in result.misconceptions]
