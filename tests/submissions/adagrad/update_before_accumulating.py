# expect-status: graded
# expect-score: <10
# Steps with the old state_sum, then adds grad**2: matches no listed mistake, no label.
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    param.sub_(lr * grad / (state_sum.sqrt() + eps))
    state_sum.add_(grad * grad)
