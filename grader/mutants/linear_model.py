"""Named mistakes of `linear_model` (see the contract's misconceptions)."""

from grader.judge.api import Mutant


def _sum_instead_of_mean(xs, ys, w):
    return float(sum((x * w - y) ** 2 for x, y in zip(xs, ys)))


def _absolute_error(x, y, w):
    return abs(x * w - y)  # the reference's mse picks this loss up


MUTANTS = [
    Mutant("linear_model.sum_instead_of_mean", "sum instead of mean in the MSE",
           "the MSE is the *mean* of the squared errors, `sum(...) / len(xs)`; the plain "
           "sum grows with the number of samples (N times too large), so costs of data "
           "sets of different sizes cannot be compared.",
           {"mse": _sum_instead_of_mean}),
    Mutant("linear_model.absolute_error", "absolute instead of squared error",
           "the loss is the squared error `(forward(x, w) - y) ** 2`; `abs(...)` is a "
           "different loss (the absolute error), which weighs large errors far less and "
           "has a kink at 0 instead of a smooth bowl.",
           {"loss": _absolute_error}),
]
