# expect-status: graded
# expect-score: <10
# expect-misconceptions: adam.eps_constant
# expect-message: constant 1e-6
# The course's (d2l) adam, adapted only to the stub's signature: eps (outside the root,
# as it should be) is a literal 1e-6, whatever the eps argument says.
import torch


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    eps = 1e-6
    with torch.no_grad():
        exp_avg[:] = beta1 * exp_avg + (1 - beta1) * grad
        exp_avg_sq[:] = beta2 * exp_avg_sq + (1 - beta2) * torch.square(grad)
        v_bias_corr = exp_avg / (1 - beta1 ** step)
        s_bias_corr = exp_avg_sq / (1 - beta2 ** step)
        param[:] -= lr * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
