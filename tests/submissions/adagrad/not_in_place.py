# expect-status: graded
# expect-score: <10
# expect-misconceptions: adagrad.not_in_place
# expect-message: param kept its old values
# "Not in place" as students write it: the sum updated in place, the parameter only
# rebound at the end.
import torch


def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    with torch.no_grad():
        state_sum += grad ** 2
        param = param - lr * grad / (state_sum.sqrt() + eps)
