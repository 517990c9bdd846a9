# expect-status: graded
# expect-score: <10
# expect-message: `sigmoid` is created at run time, not by a `def` the grader can read
# The graded functions come out of exec: no source for a tripwire-free import to hide.
import torch

exec("from torch import sigmoid, tanh, relu")


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

