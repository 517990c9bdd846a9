"""Reference for `activations`: stable activations and hand-written derivatives.

Uses only `torch.exp`/`torch.expm1`, `torch.where`, `torch.clamp` and arithmetic:
no torch.sigmoid/tanh/relu/softmax, no torch.nn.functional, no autograd.
"""

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """`1 / (1 + exp(-x))`, taking `exp` only of `-|x|` so it never overflows."""
    z = torch.exp(-torch.abs(x))  # in (0, 1]
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """`s * (1 - s)`."""
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x: torch.Tensor) -> torch.Tensor:
    """`sign(x) * (1 - exp(-2|x|)) / (1 + exp(-2|x|))`.

    `expm1(t) = exp(t) - 1` keeps full precision near 0, where `1 - exp(-2|x|)`
    would cancel.
    """
    m = torch.expm1(-2 * torch.abs(x))  # exp(-2|x|) - 1, in (-1, 0]
    return torch.sign(x) * (-m / (2 + m))


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    """`1 - tanh(x) ** 2`."""
    return 1 - tanh(x) ** 2


def relu(x: torch.Tensor) -> torch.Tensor:
    """`max(x, 0)`."""
    return torch.clamp(x, min=0)


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    """1 where `x > 0`, else 0."""
    return (x > 0).to(x.dtype)


def leaky_relu(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    """`x` where positive, else `negative_slope * x`."""
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    """1 where `x > 0`, else `negative_slope` (also at 0, as torch)."""
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """`exp(x - max) / sum(exp(x - max))` along `dim`."""
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
