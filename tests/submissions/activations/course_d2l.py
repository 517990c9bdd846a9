# expect-status: graded
# expect-score: <10
# expect-message: your code uses torch.sigmoid in `sigmoid`
# expect-message: your answer differs from the expected one
# The course's (d2l) code adapted only to the stub's signatures: torch.relu, torch.sigmoid
# and torch.tanh (forbidden here), derivatives from backward() (forbidden too), and its
# softmax with neither the max subtracted nor the `dim` argument used. Two mistakes at
# once in softmax match no single named mistake: its mismatches speak for it.
import torch


def sigmoid(x):
    return torch.sigmoid(x)


def sigmoid_grad(x):
    x = x.detach().clone().requires_grad_(True)
    y = torch.sigmoid(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    return x.grad


def tanh(x):
    return torch.tanh(x)


def tanh_grad(x):
    x = x.detach().clone().requires_grad_(True)
    y = torch.tanh(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    return x.grad


def relu(x):
    return torch.relu(x)


def relu_grad(x):
    x = x.detach().clone().requires_grad_(True)
    y = torch.relu(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    return x.grad


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x > 0, torch.ones_like(x), negative_slope * torch.ones_like(x))


def softmax(x, dim=-1):
    X_exp = torch.exp(x)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition  # The broadcasting mechanism is applied here
