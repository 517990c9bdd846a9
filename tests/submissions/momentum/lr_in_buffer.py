# expect-status: graded
# expect-score: <10
# expect-misconceptions: momentum.lr_in_buffer
import torch


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    # velocity already scaled by the learning rate
    buf.mul_(momentum).add_(lr * grad)
    param.sub_(buf)
