# expect-status: graded
# expect-score: <10
# expect-misconceptions: rmsprop.not_in_place
# expect-message: param kept its old values
# "Not in place" as students write it: the average updated in place (the stub's
# `(1 - alpha) * grad**2` form), the parameter only rebound at the end.
import torch


@torch.no_grad()
def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).add_((1 - alpha) * grad ** 2)
    param = param - lr * grad / (square_avg.sqrt() + eps)
