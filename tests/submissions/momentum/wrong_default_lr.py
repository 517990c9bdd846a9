# expect-status: graded
# expect-score: <10
# The rule is right but the default lr is 0.1 instead of 0.01: no label.
import torch


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.1, momentum=0.9):
    buf.mul_(momentum).add_(grad)
    param.sub_(lr * buf)
