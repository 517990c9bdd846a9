# expect-status: graded
# expect-score: <10
# expect-misconceptions: adadelta.acc_delta_grad_squared
# acc_delta accumulates grad**2 instead of delta**2, written with copy_.
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.copy_(rho * square_avg + (1 - rho) * grad ** 2)
    delta = (acc_delta + eps).sqrt() / (square_avg + eps).sqrt() * grad
    acc_delta.copy_(rho * acc_delta + (1 - rho) * grad ** 2)
    param.copy_(param - lr * delta)
