# expect-status: graded
# expect-score: <10
# expect-misconceptions: adadelta.acc_delta_grad_squared
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.mul_(rho).add_((1 - rho) * grad ** 2)
    delta = torch.sqrt(acc_delta + eps) / torch.sqrt(square_avg + eps) * grad
    acc_delta.mul_(rho).add_((1 - rho) * grad ** 2)
    param.sub_(lr * delta)
