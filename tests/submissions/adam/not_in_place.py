# expect-status: graded
# expect-score: <10
# expect-misconceptions: adam.not_in_place
# expect-message: param kept its old values
# "Not in place" as students write it: the moments updated in place, the parameter only
# rebound at the end.
import torch


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    with torch.no_grad():
        exp_avg.mul_(beta1).add_((1 - beta1) * grad)
        exp_avg_sq.mul_(beta2).add_((1 - beta2) * grad * grad)
        m_hat = exp_avg / (1 - beta1 ** step)
        v_hat = exp_avg_sq / (1 - beta2 ** step)
        param = param - lr * m_hat / (v_hat.sqrt() + eps)
