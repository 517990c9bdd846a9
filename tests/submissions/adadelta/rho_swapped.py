# expect-status: graded
# expect-score: <10
# rho and (1 - rho) swapped in both averages: matches no listed mistake, no label.
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.mul_(1 - rho).addcmul_(grad, grad, value=rho)
    delta = torch.sqrt(acc_delta + eps) / torch.sqrt(square_avg + eps) * grad
    acc_delta.mul_(1 - rho).addcmul_(delta, delta, value=rho)
    param.sub_(lr * delta)
