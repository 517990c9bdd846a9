# expect-status: graded
# expect-score: <10
# expect-misconceptions: momentum.lr_in_buffer
# The velocity written as in some textbooks, v = momentum * v + lr * g, p -= v: the
# parameters agree with torch.optim.SGD, the buffer does not.
import torch


def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    with torch.no_grad():
        buf[...] = momentum * buf + lr * grad
        param[...] -= buf
