# expect-status: graded
# expect-score: <10
# expect-misconceptions: adadelta.eps_constant
# expect-message: constant 1e-5
# The course's (d2l) adadelta, adapted only to the stub's signature: eps is a literal
# 1e-5, whatever the eps argument says.
import torch


def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    rho, eps = rho, 1e-5
    with torch.no_grad():
        square_avg[:] = rho * square_avg + (1 - rho) * torch.square(grad)
        g = (torch.sqrt(acc_delta + eps) / torch.sqrt(square_avg + eps)) * grad
        param[:] -= lr * g
        acc_delta[:] = rho * acc_delta + (1 - rho) * g * g
