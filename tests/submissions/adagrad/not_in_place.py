# expect-status: graded
# expect-score: <10
# expect-misconceptions: adagrad.not_in_place
# expect-message: updated_in_place['param'] should be True, got False
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum = state_sum + grad ** 2
    param = param - lr * grad / (torch.sqrt(state_sum) + eps)
