# expect-status: graded
# expect-score: <10
# expect-message: your rule changed none of the caller's tensors
# Every tensor rebound, none changed: observably a no-op, so no mistake is named (a
# no-op must not be labelled 'not in place'); the in-place test says what happened.
import torch


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    buf = momentum * buf + grad
    param = param - lr * buf
