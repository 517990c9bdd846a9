# expect-status: graded
# expect-score: =10
# A correct rule that assigns .data: no label, full marks.
import torch


def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.data = rho * square_avg.data + (1 - rho) * grad.data ** 2
    std = (square_avg.data + eps) ** 0.5
    delta = (acc_delta.data + eps) ** 0.5 / std * grad.data
    acc_delta.data = rho * acc_delta.data + (1 - rho) * delta ** 2
    param.data = param.data - lr * delta
