# expect-status: graded
# expect-score: =10
# A correct rule with copy_ and one square root of the ratio: no label, full marks.
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.copy_(rho * square_avg + (1 - rho) * grad * grad)
    delta = torch.sqrt((acc_delta + eps) / (square_avg + eps)) * grad
    acc_delta.copy_(rho * acc_delta + (1 - rho) * delta * delta)
    param.copy_(param - lr * delta)
