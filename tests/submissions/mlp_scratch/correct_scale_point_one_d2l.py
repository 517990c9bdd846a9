# expect-status: graded
# expect-score: =10
# Correct, the course's (d2l) global-variable style with nn.Parameter and a 0.1 scale:
# net reads the sizes from the parameters it is given.
import torch
from torch import nn

num_inputs, num_outputs, num_hiddens = 784, 10, 256


def init_params(num_in, num_hidden, num_out, generator=None):
    W1 = nn.Parameter(torch.randn(num_in, num_hidden, generator=generator) * 0.1)
    b1 = nn.Parameter(torch.zeros(num_hidden, requires_grad=True))
    W2 = nn.Parameter(torch.randn(num_hidden, num_out, generator=generator) * 0.1)
    b2 = nn.Parameter(torch.zeros(num_out, requires_grad=True))
    return [W1, b1, W2, b2]


params = init_params(num_inputs, num_hiddens, num_outputs)


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def net(X, params=params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    H = relu(X @ W1 + b1)
    return (H @ W2 + b2)
