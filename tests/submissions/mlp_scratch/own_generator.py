# expect-status: graded
# expect-score: <10
# expect-message: seed_matters
# Wrong: a generator of its own with a fixed seed, ignoring the one it is given: every
# seed gives the same weights.
import torch


def init_params(num_in, num_hidden, num_out, generator=None):
    g = torch.Generator().manual_seed(0)
    W1 = (torch.randn(num_in, num_hidden, generator=g) * 0.01).requires_grad_()
    W2 = (torch.randn(num_hidden, num_out, generator=g) * 0.01).requires_grad_()
    b1 = torch.zeros(num_hidden, requires_grad=True)
    b2 = torch.zeros(num_out, requires_grad=True)
    return [W1, b1, W2, b2]


def relu(X):
    return X.clamp(min=0)


def net(X, params):
    W1, b1, W2, b2 = params
    return relu(X.reshape(-1, W1.shape[0]) @ W1 + b1) @ W2 + b2
