# expect-status: graded
# expect-score: <10
# expect-misconceptions: rmsprop.not_in_place
# expect-message: square_avg kept its old values
# The other realistic "not in place": the parameter updated in place, the running
# average only rebound, so every call starts again from zeros.
import torch


@torch.no_grad()
def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * grad ** 2
    param -= lr * grad / (torch.sqrt(square_avg) + eps)
