# expect-status: graded
# expect-score: <10
# expect-misconceptions: momentum.not_in_place
# expect-message: updated_in_place['param'] should be True, got False
import torch


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    buf = momentum * buf + grad
    param = param - lr * buf
