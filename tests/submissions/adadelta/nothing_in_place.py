# expect-status: graded
# expect-score: <10
# expect-message: your rule changed none of the caller's tensors
# Every tensor rebound, none changed: observably a no-op, so no mistake is named (a
# no-op must not be labelled 'not in place'); the in-place test says what happened.
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg = rho * square_avg + (1 - rho) * grad ** 2
    delta = torch.sqrt(acc_delta + eps) / torch.sqrt(square_avg + eps) * grad
    acc_delta = rho * acc_delta + (1 - rho) * delta ** 2
    param = param - lr * delta
