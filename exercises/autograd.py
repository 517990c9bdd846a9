"""Exercise `autograd`: let PyTorch compute the gradient (backward with autograd).

In `gradient_descent` you derived `d loss / dw` by hand. With autograd you only
write the *forward* computation on a tensor that has `requires_grad=True`; calling
`loss.backward()` then fills `w.grad` with `d loss / dw`, walking the computation
graph backwards with the chain rule.

Three rules of the training loop:
- the update itself must not be recorded in the graph: do it under
  `with torch.no_grad():` (or on `w.data`);
- `backward()` *adds* into `w.grad`: zero it after each update
  (`w.grad.zero_()`), or gradients accumulate across steps;
- read plain numbers out of tensors with `.item()` before storing them.

Model `y_hat = x * w`, per-sample loss `(x * w - y) ** 2`; check data
xs = [1, 2, 3], ys = [2, 4, 6] (w approaches 2.0).
"""

import torch


def train_autograd(xs: list[float], ys: list[float], w: float = 1.0, lr: float = 0.01,
                   epochs: int = 100) -> tuple[float, list[float]]:
    """Per-sample SGD with the gradient from autograd; returns `(w, losses)`.

    Make `w` a scalar tensor with `requires_grad=True` (float32 or float64). For each
    epoch, for each pair `(x, y)` of `xs`, `ys` in order:
        l = (x * w - y) ** 2            # forward, builds the graph
        l.backward()                    # w.grad = d l / dw = 2 * x * (x * w - y)
        with torch.no_grad():
            w -= lr * w.grad            # not recorded by autograd
        w.grad.zero_()                  # or the next backward() adds to it
    `losses[i]` is the loss `l` of epoch i's *last* sample, computed *before* its
    update, as a float (`l.item()`); `len(losses) == epochs`.
    Returns the final `w` as a Python float (`w.item()`) and `losses` as a list of
    floats. The gradient must come from `backward()`, not from a hand formula.
    """
    raise NotImplementedError("train_autograd is not implemented yet")


def quadratic_grads(x: float, y: float, w1: float, w2: float,
                    b: float) -> tuple[float, float, float]:
    """Gradient of `L = (w1 * x**2 + w2 * x + b - y) ** 2` with respect to (w1, w2, b).

    Make `w1`, `w2`, `b` tensors with `requires_grad=True`, compute `L`, call
    `L.backward()` and return `(w1.grad, w2.grad, b.grad)` as a tuple of three
    Python floats. For reference, with `r = w1*x**2 + w2*x + b - y`:
    `dL/dw1 = 2*r*x**2`, `dL/dw2 = 2*r*x`, `dL/db = 2*r`. Use autograd to get them.
    """
    raise NotImplementedError("quadratic_grads is not implemented yet")


if __name__ == "__main__":
    w, losses = train_autograd([1.0, 2.0, 3.0], [2.0, 4.0, 6.0])
    print(f"w = {w:.4f}, last loss = {losses[-1]:.6f}")
    print("quadratic grads at x=2, y=1, w1=w2=b=1:",
          quadratic_grads(2.0, 1.0, 1.0, 1.0, 1.0))
