# expect-status: graded
# expect-score: <10
# expect-message: your answer differs from the expected one
# Wrong (no named mistake): sigmoid as exp(x) / (1 + exp(x)) and the textbook tanh,
# both inf / inf = NaN at x = 1000.
import torch


def sigmoid(x):
    return torch.exp(x) / (1 + torch.exp(x))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu(x):
    return torch.clamp(x, min=0)


def relu_grad(x):
    return (x > 0).float().to(x.dtype)


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x > 0, torch.ones_like(x), negative_slope * torch.ones_like(x))


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
