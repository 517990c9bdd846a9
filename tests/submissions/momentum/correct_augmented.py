# expect-status: graded
# expect-score: =10
# A correct rule with augmented assignments: no label, full marks.
import torch


def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    with torch.no_grad():
        buf *= momentum
        buf += grad
        param -= lr * buf
