# expect-status: graded
# expect-score: =0
# expect-message: your rule changed none of the caller's tensors
# A rule that changes nothing (here: does nothing) is not labelled "not in place".
import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    new_avg = alpha * square_avg + (1 - alpha) * grad ** 2
    new_param = param - lr * grad / (new_avg.sqrt() + eps)
