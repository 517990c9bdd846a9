# expect-status: graded
# expect-score: =10
# Correct, written from the textbook formulas: 1/(1+exp(-x)) is already stable
# (exp(1000) = inf gives 1/inf = 0), tanh from the sigmoid, softmax via logsumexp.
import torch
import matplotlib.pyplot as plt


def sigmoid(x):
    return 1.0 / (1.0 + torch.exp(-x))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    return 2.0 * sigmoid(2.0 * x) - 1.0


def tanh_grad(x):
    t = tanh(x)
    return 1.0 - t * t


def relu(x):
    return torch.where(x > 0, x, torch.zeros_like(x))


def relu_grad(x):
    return torch.where(x > 0, torch.ones_like(x), torch.zeros_like(x))


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, x * negative_slope)


def leaky_relu_grad(x, negative_slope=0.01):
    grad = torch.ones_like(x)
    grad[x <= 0] = negative_slope
    return grad


def softmax(x, dim=-1):
    return torch.exp(x - torch.logsumexp(x, dim=dim, keepdim=True))


xs = torch.linspace(-6, 6, 100)
plt.plot(xs, sigmoid(xs), label="sigmoid")
plt.plot(xs, tanh(xs), label="tanh")
plt.legend()
plt.show()
print(softmax(torch.tensor([1000.0, 1001.0])))
