# expect-status: graded
# expect-score: =10
# A correct rule that assigns .data, with a top-level demo printing a few steps.
import torch


def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    state_sum.data = state_sum.data + grad.data.pow(2)
    step = lr * grad.data / (state_sum.data.sqrt() + eps)
    param.data = param.data - step


w = torch.tensor([3.0, -1.0])
s = torch.zeros(2)
for i in range(5):
    adagrad_step(w, 2 * w, s, lr=0.5)
    print(i, w.tolist())
