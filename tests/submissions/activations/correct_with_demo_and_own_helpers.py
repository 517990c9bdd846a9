# expect-status: graded
# expect-score: =10
# Allowed styles: forbidden APIs imported but unused in the graded functions, used in
# demo code (top level and under __main__, backward included), and the student's own
# helpers and methods named like the APIs (def sigmoid, a class with sigmoid/backward).
import torch
import torch.nn.functional as F
from torch import sigmoid as torch_sigmoid, tanh as torch_tanh


class Activation:
    """A tiny layer: forward and backward written by hand."""

    def __init__(self, slope=0.0):
        self.slope = slope

    def relu(self, x):
        return torch.where(x > 0, x, self.slope * x)

    def backward(self, x):
        return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, self.slope))


def sigmoid(x):
    z = torch.exp(-torch.abs(x))
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    return 2 * sigmoid(2 * x) - 1


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu(x):
    return Activation().relu(x)


def relu_grad(x):
    return Activation().backward(x)


def leaky_relu(x, negative_slope=0.01):
    return Activation(negative_slope).relu(x)


def leaky_relu_grad(x, negative_slope=0.01):
    return Activation(negative_slope).backward(x)


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)


x = torch.linspace(-3, 3, 7)
print(torch.allclose(sigmoid(x), torch_sigmoid(x)), torch.allclose(tanh(x), torch_tanh(x)))
print(torch.allclose(softmax(x), F.softmax(x, dim=-1)), x.relu())

if __name__ == "__main__":
    y = x.clone().requires_grad_(True)
    torch.sigmoid(y).sum().backward()
    print(torch.allclose(y.grad, sigmoid_grad(x)))
