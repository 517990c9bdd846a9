# expect-status: graded
# expect-score: <10
# expect-misconceptions: adadelta.no_sqrt
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.mul_(rho).add_((1 - rho) * grad ** 2)
    delta = (acc_delta + eps) / (square_avg + eps) * grad
    acc_delta.mul_(rho).add_((1 - rho) * delta ** 2)
    param.sub_(lr * delta)
