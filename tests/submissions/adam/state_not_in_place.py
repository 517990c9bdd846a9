# expect-status: graded
# expect-score: <10
# expect-misconceptions: adam.not_in_place
# expect-message: exp_avg and exp_avg_sq kept their old values
# The moments only rebound, the parameter updated in place (`.data`): every step is
# Adam's first step again.
import torch


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    exp_avg = beta1 * exp_avg + (1 - beta1) * grad
    exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2
    m_hat = exp_avg / (1 - beta1 ** step)
    v_hat = exp_avg_sq / (1 - beta2 ** step)
    param.data -= lr * m_hat / (v_hat.sqrt() + eps)
