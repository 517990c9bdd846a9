# expect-status: graded
# expect-score: <10
# expect-misconceptions: adagrad.eps_inside_sqrt
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.add_(grad * grad)
    param.sub_(lr * grad / torch.sqrt(state_sum + eps))
