# expect-status: graded
# expect-score: <10
# expect-message: your code uses torch.Tensor.backward (`y.sum().backward()`) in `_autograd_derivative` (line 34, reached from `sigmoid_grad`), which this exercise forbids
# The course computes derivatives with backward(); here the contract forbids autograd.
import torch


def sigmoid(x):
    z = torch.exp(-torch.abs(x))
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x):
    m = torch.expm1(-2 * torch.abs(x))
    return torch.sign(x) * (-m / (2 + m))


def relu(x):
    return torch.clamp(x, min=0)


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)


def _autograd_derivative(function, x, **kwargs):
    x = x.detach().clone().requires_grad_(True)
    y = function(x, **kwargs)
    y.sum().backward()
    return x.grad


def sigmoid_grad(x):
    return _autograd_derivative(sigmoid, x)


def tanh_grad(x):
    return _autograd_derivative(tanh, x)


def relu_grad(x):
    return (x > 0).to(x.dtype)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))
