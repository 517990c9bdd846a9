# expect-status: graded
# expect-score: =9
# expect-message: `p[:]` needs at least one dimension
# expect-outcome: test_single_element_and_zero_dim=error
# The course's (d2l) sgd_momentum, adapted only to the stub's signature: correct,
# except that `p[:]` cannot index a 0-d tensor.
import torch


def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    with torch.no_grad():
        buf[:] = momentum * buf + grad
        param[:] -= lr * buf
