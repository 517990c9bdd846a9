# expect-status: graded
# expect-score: =10
# Correct: Xavier/Glorot-scaled weights (nn.init.xavier_uniform_ with the generator),
# list comprehension; the contract fixes shapes, dtypes and the generator, not the scale.
import math

import torch
from torch import nn


def init_params(num_in, num_hidden, num_out, generator=None):
    def weight(fan_in, fan_out):
        bound = math.sqrt(6 / (fan_in + fan_out))
        w = torch.empty(fan_in, fan_out)
        nn.init.uniform_(w, -bound, bound, generator=generator)
        return w.requires_grad_()

    W1, W2 = weight(num_in, num_hidden), weight(num_hidden, num_out)
    b1, b2 = [torch.zeros(n, requires_grad=True) for n in (num_hidden, num_out)]
    return [W1, b1, W2, b2]


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    H = relu(X @ W1 + b1)  # "@" is matrix multiplication
    return H @ W2 + b2
