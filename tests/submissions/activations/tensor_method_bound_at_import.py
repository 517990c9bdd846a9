# expect-status: graded
# expect-score: <10
# expect-message: your code uses torch.Tensor.sigmoid in `sigmoid` (line 11)
# Binds the Tensor methods at import, before the worker's tripwires replace them.
import torch

_SIGMOID, _TANH = torch.Tensor.sigmoid, torch.Tensor.tanh


def sigmoid(x):
    return _SIGMOID(x)


def tanh(x):
    return _TANH(x)


def relu(x):
    return torch.clamp(x, min=0)


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu_grad(x):
    return (x > 0).to(x.dtype)


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)

