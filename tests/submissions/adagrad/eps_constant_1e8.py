# expect-status: graded
# expect-score: <10
# expect-misconceptions: adagrad.eps_constant
# expect-message: constant 1e-8
# eps outside the root, as it should be, but the usual 1e-8 of other optimizers typed
# in, whatever the eps argument (default 1e-10) says.
import torch


def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    with torch.no_grad():
        state_sum += grad * grad
        param -= lr * grad / (state_sum.sqrt() + 1e-8)
