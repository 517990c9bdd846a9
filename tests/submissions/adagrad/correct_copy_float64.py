# expect-status: graded
# expect-score: =10
# A correct rule computed in float64 and copied back: no label, full marks.
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    g = grad.to(torch.float64)
    total = state_sum.to(torch.float64) + g * g
    state_sum.copy_(total)
    param.copy_(param.to(torch.float64) - lr * g / (torch.sqrt(total) + eps))
