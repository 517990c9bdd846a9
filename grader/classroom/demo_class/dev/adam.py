# A correct rule that assigns .data, using lerp for m: no label, full marks.
import torch


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    exp_avg.data = torch.lerp(exp_avg.data, grad.data, 1 - beta1)
    exp_avg_sq.data = beta2 * exp_avg_sq.data + (1 - beta2) * grad.data.square()
    bias1 = 1 - beta1 ** step
    bias2 = 1 - beta2 ** step
    update = (exp_avg.data / bias1) / ((exp_avg_sq.data / bias2).sqrt() + eps)
    param.data = param.data - lr * update
