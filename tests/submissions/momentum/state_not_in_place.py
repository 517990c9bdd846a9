# expect-status: graded
# expect-score: <10
# expect-misconceptions: momentum.not_in_place
# expect-message: buf kept its old values
# The velocity only rebound (`v = ...`), the parameter updated in place: plain SGD.
import torch


def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    with torch.no_grad():
        buf = momentum * buf + grad
        param -= lr * buf
