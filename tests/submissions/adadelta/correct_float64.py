# expect-status: graded
# expect-score: =10
# A correct rule with float64 intermediates and augmented assignments: full marks.
import torch


def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    with torch.no_grad():
        g = grad.double()
        new_square_avg = rho * square_avg.double() + (1 - rho) * g ** 2
        rms_update = (acc_delta.double() + eps).sqrt()
        rms_grad = (new_square_avg + eps).sqrt()
        delta = rms_update / rms_grad * g
        square_avg.copy_(new_square_avg)
        acc_delta *= rho
        acc_delta += ((1 - rho) * delta ** 2).to(acc_delta.dtype)
        param -= (lr * delta).to(param.dtype)
