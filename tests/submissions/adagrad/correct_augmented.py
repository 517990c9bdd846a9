# expect-status: graded
# expect-score: =10
# A correct rule with augmented assignments: no label, full marks.
import torch


def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    with torch.no_grad():
        state_sum += grad ** 2
        param -= lr * grad / (state_sum.sqrt() + eps)
