# expect-status: graded
# expect-score: <10
# expect-misconceptions: rmsprop.no_sqrt
# Square root forgotten, written in the stub's own `(1 - alpha) * grad ** 2` form: the
# training run diverges, where float rounding sets it apart from the mutant's writing.
import torch


@torch.no_grad()
def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).add_((1 - alpha) * grad ** 2)
    param.sub_(lr * grad / (square_avg + eps))
