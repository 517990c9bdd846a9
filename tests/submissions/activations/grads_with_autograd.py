# expect-status: graded
# expect-score: <10
# expect-message: torch.autograd.grad
# Forbidden: the derivatives come from autograd instead of being written by hand.
import torch


def sigmoid(x):
    return 1 / (1 + torch.exp(-x))


def tanh(x):
    return 2 * sigmoid(2 * x) - 1


def relu(x):
    return torch.clamp(x, min=0)


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def _derivative(f, x, *args):
    x = x.detach().clone().requires_grad_(True)
    y = f(x, *args)
    (g,) = torch.autograd.grad(y.sum(), x)
    return g


def sigmoid_grad(x):
    return _derivative(sigmoid, x)


def tanh_grad(x):
    return _derivative(tanh, x)


def relu_grad(x):
    return _derivative(relu, x)


def leaky_relu_grad(x, negative_slope=0.01):
    return _derivative(leaky_relu, x, negative_slope)


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
