# expect-status: graded
# expect-score: =10
# A correct rule computed in float64 and copied back: no label, full marks.
import math

import torch


@torch.no_grad()
def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    g = grad.double()
    m = beta1 * exp_avg.double() + (1 - beta1) * g
    v = beta2 * exp_avg_sq.double() + (1 - beta2) * g * g
    exp_avg.copy_(m)
    exp_avg_sq.copy_(v)
    step_size = lr / (1 - beta1 ** step)
    denom = v.sqrt() / math.sqrt(1 - beta2 ** step) + eps
    param.copy_(param.double() - step_size * m / denom)
