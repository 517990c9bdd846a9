# Moments rebuilt with copy_, both bias corrections spelled out: a correct rule.
import torch


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    with torch.no_grad():
        exp_avg.copy_(beta1 * exp_avg + (1 - beta1) * grad)
        exp_avg_sq.copy_(beta2 * exp_avg_sq + (1 - beta2) * grad * grad)
        m_hat = exp_avg / (1 - beta1 ** step)
        v_hat = exp_avg_sq / (1 - beta2 ** step)
        param.copy_(param - lr * m_hat / (torch.sqrt(v_hat) + eps))
