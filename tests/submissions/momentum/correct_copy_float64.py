# expect-status: graded
# expect-score: =10
# A correct rule computed in float64 and copied back: no label, full marks.
import torch


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    velocity = momentum * buf.double() + grad.double()
    buf.copy_(velocity)
    param.copy_(param.double() - lr * velocity)
