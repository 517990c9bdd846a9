# expect-status: graded
# expect-score: =10
# Correct, another style: piecewise with boolean masks and in-place writes, clamp for
# relu, `x.max(dim, keepdim=True)` for softmax, and a plotting demo at the top level
# (as the course's notebooks do).
import torch
import matplotlib.pyplot as plt


def sigmoid(x):
    out = torch.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + torch.exp(-x[pos]))
    e = torch.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out


def sigmoid_grad(x):
    return sigmoid(x) * (1 - sigmoid(x))


def tanh(x):
    e = torch.exp(-2 * x.abs())
    return torch.sign(x) * (1 - e) / (1 + e)


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu(x):
    return x.clamp(min=0)


def relu_grad(x):
    return (x > 0).to(x.dtype)


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))


def softmax(x, dim=-1):
    x_exp = torch.exp(x - x.max(dim=dim, keepdim=True).values)
    partition = x_exp.sum(dim, keepdim=True)
    return x_exp / partition  # the broadcasting mechanism is applied here


x = torch.arange(-8.0, 8.0, 0.1)
plt.plot(x.numpy(), sigmoid(x).numpy())
plt.show()
