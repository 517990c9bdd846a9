# expect-status: graded
# expect-score: <10
# expect-misconceptions: adadelta.not_in_place
# expect-message: param kept its old values
# "Not in place" as students write it: both averages updated with [:] = (d2l style),
# the parameter only rebound at the end.
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg[...] = rho * square_avg + (1 - rho) * grad * grad
    delta = (acc_delta + eps).sqrt() / (square_avg + eps).sqrt() * grad
    acc_delta[...] = rho * acc_delta + (1 - rho) * delta * delta
    param = param - lr * delta
