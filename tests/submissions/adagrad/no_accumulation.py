# expect-status: graded
# expect-score: <10
# expect-misconceptions: adagrad.no_accumulation
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.copy_(grad ** 2)  # squared gradient of this step
    param.sub_(lr * grad / (state_sum.sqrt() + eps))
