# expect-status: graded
# expect-score: <10
# expect-message: your code uses torch.sigmoid in `sigmoid` (line 10), which this exercise forbids
# expect-message: your code uses torch.relu in `relu` (line 19)
# The everyday style: the forbidden functions imported by name. The worker's tripwires
# replace torch.sigmoid while a graded call runs, so a name bound at import escaped them.
import torch
from torch import relu as clip, sigmoid, tanh as torch_tanh

def sigmoid(x, _squash=sigmoid):
    return _squash(x)


def tanh(x):
    return torch_tanh(x)


def relu(x):
    return clip(x)


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

