# expect-status: graded
# expect-score: <10
# expect-misconceptions: adagrad.eps_inside_sqrt
# expect-message: constant 1e-6
# The course's (d2l) adagrad, adapted only to the stub's signature: a literal eps = 1e-6
# inside the square root, whatever the eps argument says.
import torch


def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    eps = 1e-6
    with torch.no_grad():
        state_sum[:] += torch.square(grad)
        param[:] -= lr * grad / torch.sqrt(state_sum + eps)
