# expect-status: graded
# expect-score: =10
# Correct, the `.data` style of older course code: new tensors assigned to `.data`.
import math

import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.data = alpha * square_avg.data + (1 - alpha) * grad.data ** 2
    param.data = param.data - lr * grad.data / (square_avg.data.sqrt() + eps)
