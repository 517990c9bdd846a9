"""Exercise `activations`: activation functions and their derivatives, from scratch.

A neural network is linear layers with nonlinear *activations* in between; without
them the stack would collapse into one linear map. Backpropagation multiplies by
each activation's derivative, so we write both.

    sigmoid(x)    = 1 / (1 + exp(-x))          sigmoid'(x) = s * (1 - s), s = sigmoid(x)
    tanh(x)       = (exp(x) - exp(-x)) / (exp(x) + exp(-x))
                                               tanh'(x)    = 1 - tanh(x) ** 2
    relu(x)       = max(x, 0)                  relu'(x)    = 1 if x > 0 else 0
    leaky_relu(x) = x if x > 0 else a * x      leaky'(x)   = 1 if x > 0 else a
    softmax(x)_i  = exp(x_i) / sum_j exp(x_j)  (along one dimension)

Numerical stability is part of the exercise. `exp(1000.)` is `inf` in float32
and float64, so `exp(x) / (1 + exp(x))` gives `inf / inf = nan` at x = 1000.
Write each function so that only `exp` of a non-positive number is ever taken:
- sigmoid: with `z = exp(-|x|)` (always in (0, 1]), sigmoid is `1 / (1 + z)` for
  x >= 0 and `z / (1 + z)` for x < 0 (select with `torch.where`);
- tanh: odd, so compute it for `|x|` from `exp(-2|x|)` and restore the sign;
- softmax: subtract the maximum along the dimension first; softmax(x - c) equals
  softmax(x), and now the largest exponent is exp(0) = 1.

Forbidden in every function (a test fails naming the call): `torch.sigmoid`,
`torch.tanh`, `torch.relu`, `torch.softmax`, anything in `torch.nn.functional`,
and autograd (`backward`, `torch.autograd.grad`): the derivatives are written by
hand. Calling the same operation as a method (`x.sigmoid()`) misses the point just
as much. Allowed: `torch.exp`, `torch.expm1`, `torch.where`, `torch.clamp`,
`torch.abs`, `torch.sign`, arithmetic, `.amax`, `.sum`, ...

All functions take a floating tensor of any shape and return a tensor of the same
shape and dtype.
"""

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """`1 / (1 + exp(-x))`, elementwise; same shape and dtype as `x`.

    Stable: `sigmoid(1000.)` is exactly 1 and `sigmoid(-1000.)` exactly 0, never
    NaN. Forbidden: see the module docstring.
    """
    raise NotImplementedError("sigmoid is not implemented yet")


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """Derivative of sigmoid at `x`: `s * (1 - s)` with `s = sigmoid(x)` (not `s`).

    Same shape and dtype as `x`; 0.25 at x = 0, 0 (not NaN) at x = +-1000.
    Forbidden: autograd and the calls listed in the module docstring.
    """
    raise NotImplementedError("sigmoid_grad is not implemented yet")


def tanh(x: torch.Tensor) -> torch.Tensor:
    """`(exp(x) - exp(-x)) / (exp(x) + exp(-x))`, elementwise; same shape and dtype.

    Stable: `tanh(1000.)` is 1 and `tanh(-1000.)` is -1, never NaN (the textbook
    form overflows). Forbidden: see the module docstring.
    """
    raise NotImplementedError("tanh is not implemented yet")


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    """Derivative of tanh at `x`: `1 - tanh(x) ** 2`; same shape and dtype.

    1 at x = 0, 0 at x = +-1000.
    Forbidden: autograd and the calls listed in the module docstring.
    """
    raise NotImplementedError("tanh_grad is not implemented yet")


def relu(x: torch.Tensor) -> torch.Tensor:
    """`max(x, 0)`, elementwise; same shape and dtype.

    Use `torch.clamp` or `torch.where`. Forbidden: see the module docstring.
    """
    raise NotImplementedError("relu is not implemented yet")


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    """Derivative of relu: 1 where `x > 0`, else 0 (also 0 at exactly x = 0, as torch).

    Same shape and dtype as `x` (a float tensor of 0s and 1s, not bool).
    Forbidden: autograd and the calls listed in the module docstring.
    """
    raise NotImplementedError("relu_grad is not implemented yet")


def leaky_relu(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    """`x` where `x > 0`, else `negative_slope * x`; same shape and dtype.

    Forbidden: see the module docstring (`torch.nn.functional.leaky_relu` included).
    """
    raise NotImplementedError("leaky_relu is not implemented yet")


def leaky_relu_grad(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    """Derivative of leaky_relu: 1 where `x > 0`, else `negative_slope`.

    At exactly x = 0 the value is `negative_slope`, as torch's autograd gives.
    Same shape and dtype as `x`.
    Forbidden: autograd and the calls listed in the module docstring.
    """
    raise NotImplementedError("leaky_relu_grad is not implemented yet")


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """`exp(x_i) / sum_j exp(x_j)` along dimension `dim`; same shape and dtype.

    Normalise along the given `dim` (default the last one), not along dim 0: the
    result sums to 1 along `dim`. Subtract the maximum along `dim` first
    (`x - x.amax(dim, keepdim=True)`) so that `softmax([1000., 1001.])` is finite.
    Forbidden: see the module docstring.
    """
    raise NotImplementedError("softmax is not implemented yet")


if __name__ == "__main__":
    x = torch.linspace(-5.0, 5.0, 11)
    print("sigmoid:", sigmoid(x))
    print("tanh_grad:", tanh_grad(x))
    print("softmax of [1000, 1001]:", softmax(torch.tensor([1000.0, 1001.0])))
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        plt = None
    if plt is not None:
        x = torch.linspace(-5.0, 5.0, 201)
        for f in (sigmoid, tanh, relu, leaky_relu):
            plt.plot(x, f(x), label=f.__name__)
        plt.legend()
        plt.show()
