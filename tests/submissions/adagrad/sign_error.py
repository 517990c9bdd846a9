# expect-status: graded
# expect-score: <10
# Moves up the gradient instead of down: matches no listed mistake, no label.
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.add_(grad * grad)
    param.add_(lr * grad / (state_sum.sqrt() + eps))
