# beta1 and (1 - beta1) swapped in m (and likewise for v): matches no listed mistake.
import torch


@torch.no_grad()
def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    exp_avg.mul_(1 - beta1).add_(beta1 * grad)
    exp_avg_sq.mul_(1 - beta2).add_(beta2 * grad ** 2)
    m_hat = exp_avg / (1 - beta1 ** step)
    v_hat = exp_avg_sq / (1 - beta2 ** step)
    param.sub_(lr * m_hat / (v_hat.sqrt() + eps))
