# expect-status: graded
# expect-score: <10
# expect-message: init_params(4, 8, 3): shapes[0]
# Wrong: weights stored as nn.Linear does, (out, in), multiplied by W.T; and the
# generator argument is ignored.
import torch


def init_params(num_in, num_hidden, num_out, generator=None):
    W1 = torch.randn(num_hidden, num_in) * 0.01
    b1 = torch.zeros(num_hidden)
    W2 = torch.randn(num_out, num_hidden) * 0.01
    b2 = torch.zeros(num_out)
    return [p.requires_grad_() for p in (W1, b1, W2, b2)]


def relu(X):
    return X * (X > 0)


def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape(-1, W1.shape[1])
    return relu(X @ W1.T + b1) @ W2.T + b2
