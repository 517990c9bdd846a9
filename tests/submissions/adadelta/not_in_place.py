# expect-status: graded
# expect-score: <10
# expect-misconceptions: adadelta.not_in_place
# expect-message: updated_in_place['param'] should be True, got False
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg = rho * square_avg + (1 - rho) * grad ** 2
    delta = torch.sqrt(acc_delta + eps) / torch.sqrt(square_avg + eps) * grad
    acc_delta = rho * acc_delta + (1 - rho) * delta ** 2
    param = param - lr * delta
