# expect-status: graded
# expect-score: =10
# Correct, the course's (d2l) rmsprop with eps taken from the argument, outside the
# root, and `[...]` instead of `[:]`, which also works on 0-d tensors.
import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    gamma = alpha
    with torch.no_grad():
        square_avg[...] = gamma * square_avg + (1 - gamma) * torch.square(grad)
        param[...] -= lr * grad / (torch.sqrt(square_avg) + eps)
