"""Exercise `perceptron`: the perceptron learning rule, and why XOR needs a hidden layer.

A perceptron classifies a point `x` (d numbers) by the sign of `w . x + b`, with
labels in {-1, +1}. Rosenblatt's rule learns `w` and `b` one sample at a time and
changes them only on a mistake:

    if y_i * (w . x_i + b) <= 0:        # wrong side, or on the boundary
        w <- w + lr * y_i * x_i
        b <- b + lr * y_i

If the classes can be separated by a line (a hyperplane), this loop stops making
mistakes after finitely many updates (the perceptron convergence theorem).

XOR cannot be separated by one line: (0,1) and (1,0) are positive, (0,0) and (1,1)
negative, at opposite corners of the square. One hidden layer fixes that: a small
network `Linear(2, h) -> nonlinearity -> Linear(h, 1)` trained with a loss such as
`torch.nn.BCEWithLogitsLoss` and an optimizer learns it.
"""

import torch


def perceptron_train(X: torch.Tensor, y: torch.Tensor, lr: float = 1.0,
                     epochs: int = 100) -> tuple[torch.Tensor, float]:
    """Train a perceptron with Rosenblatt's rule; returns `(w, b)`.

    `X`: float64 tensor (N, d); `y`: tensor (N,) of labels -1 or +1.
    Start from `w = zeros(d)` (float64) and `b = 0.0`. For each of the `epochs`
    epochs, for each sample i = 0..N-1 in order:
        if y[i] * (w @ X[i] + b) <= 0:   # note <=: a point on the boundary is a mistake
            w = w + lr * y[i] * X[i]
            b = b + lr * y[i]
    Returns `w` as a tensor of shape (d,) and `b` as a Python float (NumPy arrays
    and numbers are accepted too). Float64 is the precise choice; a float32 `w` is
    compared at float32 precision.
    (Stopping early after an epoch without any mistake gives the same result.)
    """
    raise NotImplementedError("perceptron_train is not implemented yet")


def xor_model() -> torch.nn.Module:
    """Build *and train* a small network that computes XOR; return it.

    The returned `nn.Module` takes float32 inputs of shape (N, 2) and returns
    logits of shape (N, 1) (or (N,)) that are > 0 exactly for the XOR positives:
    (0,0) -> 0, (0,1) -> 1, (1,0) -> 1, (1,1) -> 0 (logit < 0 for the 0s).
    It must succeed whatever torch's global seed is: seed your own
    `torch.Generator` (or `torch.manual_seed` inside) and train enough steps,
    e.g. a 2-8-1 tanh network with Adam for a few hundred steps. Keep it fast
    (well under a second or two).
    """
    raise NotImplementedError("xor_model is not implemented yet")


if __name__ == "__main__":
    X = torch.tensor([[2.0, 1.0], [1.0, 3.0], [-1.0, -2.0], [-2.0, 0.5]],
                     dtype=torch.float64)
    y = torch.tensor([1.0, 1.0, -1.0, -1.0], dtype=torch.float64)
    w, b = perceptron_train(X, y)
    print("w =", w, "b =", b, "predictions:", torch.sign(X @ w + b))
    points = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    print("XOR logits:", xor_model()(points).flatten())
