import torch


@torch.no_grad()
def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    exp_avg.mul_(beta1).add_((1 - beta1) * grad)
    exp_avg_sq.mul_(beta2).add_((1 - beta2) * grad ** 2)
    param -= lr * exp_avg / (exp_avg_sq.sqrt() + eps)
