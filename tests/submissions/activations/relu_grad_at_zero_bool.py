# expect-status: graded
# expect-score: <10
# expect-message: your answer differs from the expected one
# expect-message: returned dtype torch.bool
# Wrong (no named mistake): relu_grad returns the bool mask `x >= 0` (1 at x = 0,
# and not a float tensor); leaky_relu_grad is also 1 at x = 0.
import torch


def sigmoid(x):
    return 1 / (1 + torch.exp(-x))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    return 2 * sigmoid(2 * x) - 1


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu(x):
    return x * (x > 0)


def relu_grad(x):
    return x >= 0


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x >= 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x >= 0, 1.0, negative_slope).to(x.dtype)


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
