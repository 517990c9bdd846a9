# A correct rule with m_hat and v_hat spelled out and augmented assignments: full marks.
import torch


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    with torch.no_grad():
        exp_avg *= beta1
        exp_avg += (1 - beta1) * grad
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad ** 2
        m_hat = exp_avg / (1 - beta1 ** step)
        v_hat = exp_avg_sq / (1 - beta2 ** step)
        param -= lr * m_hat / (v_hat.sqrt() + eps)
