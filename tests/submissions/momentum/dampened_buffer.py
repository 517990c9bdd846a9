# expect-status: graded
# expect-score: <10
# A wrong rule that matches no listed mistake (an exponential average, like Adam's m):
# no label.
import torch


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    buf.mul_(momentum).add_((1 - momentum) * grad)
    param.sub_(lr * buf)
