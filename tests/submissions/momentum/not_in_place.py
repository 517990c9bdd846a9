# expect-status: graded
# expect-score: <10
# expect-misconceptions: momentum.not_in_place
# expect-message: param kept its old values
# "Not in place" as students write it: the buffer updated in place, the parameter only
# rebound at the end.
import torch


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    buf.mul_(momentum).add_(grad)
    param = param - lr * buf
