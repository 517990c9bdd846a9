# expect-status: graded
# expect-score: =10
# Correct, a third style: torch.normal(0, 0.01) draws, nn.Parameter, torch.addmm.
import torch
from torch import nn


def init_params(num_in, num_hidden, num_out, generator=None):
    W1 = nn.Parameter(torch.normal(0.0, 0.01, size=(num_in, num_hidden), generator=generator))
    b1 = nn.Parameter(torch.zeros(num_hidden))
    W2 = nn.Parameter(torch.normal(0.0, 0.01, size=(num_hidden, num_out), generator=generator))
    b2 = nn.Parameter(torch.zeros(num_out))
    return [W1, b1, W2, b2]


def relu(X):
    return torch.max(X, torch.zeros_like(X))


def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    return torch.addmm(b2, relu(torch.addmm(b1, X, W1)), W2)
