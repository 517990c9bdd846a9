# expect-status: graded
# expect-score: <10
# expect-misconceptions: adagrad.no_sqrt
# Square root forgotten, written with augmented assignments.
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum += grad ** 2
    param -= lr * grad / (state_sum + eps)
