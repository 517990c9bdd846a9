"""Named mistakes of `perceptron`.

The contract lists no misconception for this exercise; these two are the slips the rule
invites (its docstring stresses `<=` and the bias update), each proven by a student file.
"""

import torch

from grader.judge.api import Mutant


def _train_strict(X, y, lr=1.0, epochs=100):
    w = torch.zeros(X.shape[1], dtype=X.dtype)  # (d,)
    b = 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y.tolist()):
            if y_i * (torch.dot(w, x_i).item() + b) < 0:  # should be <=
                w = w + lr * y_i * x_i
                b = b + lr * y_i
    return w, float(b)


def _train_bias_frozen(X, y, lr=1.0, epochs=100):
    w = torch.zeros(X.shape[1], dtype=X.dtype)  # (d,)
    b = 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y.tolist()):
            if y_i * (torch.dot(w, x_i).item() + b) <= 0:
                w = w + lr * y_i * x_i  # b += lr * y_i is missing
    return w, float(b)


MUTANTS = [
    Mutant("perceptron.strict_inequality", "update only when the score is < 0",
           "a point on the boundary (`y * (w.x + b) == 0`) counts as a mistake: update "
           "when the score is `<= 0`. With `< 0` the weights never leave w = 0, b = 0, "
           "where every point scores exactly 0, so the perceptron learns nothing.",
           {"perceptron_train": _train_strict}),
    Mutant("perceptron.bias_not_updated", "the bias b is never updated",
           "on each mistake update both `w += lr * y_i * x_i` and `b += lr * y_i`: with "
           "b stuck at 0 the boundary must pass through the origin, and data that needs "
           "an offset is never separated.",
           {"perceptron_train": _train_bias_frozen}),
]
