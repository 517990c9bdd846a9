# expect-status: graded
# expect-score: <10
# expect-outcome: test_shapes_and_dtypes_kept=passed
# expect-misconceptions: activations.sigmoid_grad_returns_s
# Everything right except sigmoid_grad, which returns s instead of s * (1 - s).
import torch


def sigmoid(x):
    z = torch.exp(-torch.abs(x))
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s


def tanh(x):
    z = torch.exp(-2 * torch.abs(x))
    return torch.sign(x) * (1 - z) / (1 + z)


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu(x):
    return torch.clamp(x, min=0)


def relu_grad(x):
    return (x > 0).to(x.dtype)


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))


def softmax(x, dim=-1):
    exps = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return exps / torch.sum(exps, dim=dim, keepdim=True)
