# expect-status: graded
# expect-score: <10
# expect-message: your code raised RuntimeError (line
# Wrong: net never flattens its input, so an image batch (N, 1, H, W) fails.
import torch


def init_params(num_in, num_hidden, num_out, generator=None):
    W1 = torch.randn(num_in, num_hidden, generator=generator) * 0.01
    b1 = torch.zeros(num_hidden)
    W2 = torch.randn(num_hidden, num_out, generator=generator) * 0.01
    b2 = torch.zeros(num_out)
    for p in (W1, b1, W2, b2):
        p.requires_grad_(True)
    return [W1, b1, W2, b2]


def relu(X):
    return X.clamp(min=0)


def net(X, params):
    W1, b1, W2, b2 = params
    H = relu(X @ W1 + b1)
    return H @ W2 + b2
