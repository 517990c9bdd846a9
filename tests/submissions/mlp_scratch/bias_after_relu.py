# expect-status: graded
# expect-score: <10
# expect-outcome: test_net_is_differentiable=passed
# expect-message: net(X of shape (5, 4), params) differs
# Wrong: the hidden bias is added after the relu instead of before it.
import torch


def init_params(num_in, num_hidden, num_out, generator=None):
    W1 = torch.randn(num_in, num_hidden, generator=generator) * 0.01
    b1 = torch.zeros(num_hidden)
    W2 = torch.randn(num_hidden, num_out, generator=generator) * 0.01
    b2 = torch.zeros(num_out)
    params = [W1, b1, W2, b2]
    for p in params:
        p.requires_grad = True
    return params


def relu(X):
    return torch.max(X, torch.zeros_like(X))


def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape(-1, W1.shape[0])
    H = relu(X @ W1) + b1
    return H @ W2 + b2
