# expect-status: graded
# expect-score: <10
# expect-misconceptions: adam.no_bias_correction
# The course's (d2l) adam without its bias correction, eps from the argument.
import torch


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    with torch.no_grad():
        exp_avg[...] = beta1 * exp_avg + (1 - beta1) * grad
        exp_avg_sq[...] = beta2 * exp_avg_sq + (1 - beta2) * torch.square(grad)
        param[...] -= lr * exp_avg / (torch.sqrt(exp_avg_sq) + eps)
