# expect-status: graded
# expect-score: <10
# expect-message: your rule changed none of the caller's tensors
# Every tensor rebound, none changed: observably a no-op, so no mistake is named (a
# no-op must not be labelled 'not in place'); the in-place test says what happened.
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum = state_sum + grad ** 2
    param = param - lr * grad / (torch.sqrt(state_sum) + eps)
