# expect-status: graded
# expect-score: <10
# expect-misconceptions: rmsprop.eps_inside_sqrt
# expect-message: constant 1e-6
# expect-message: `p[:]` needs at least one dimension
# The course's (d2l) rmsprop, adapted only to the stub's signature: a literal eps = 1e-6
# inside the square root, whatever the eps argument says.
import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    gamma, eps = alpha, 1e-6
    with torch.no_grad():
        square_avg[:] = gamma * square_avg + (1 - gamma) * torch.square(grad)
        param[:] -= lr * grad / torch.sqrt(square_avg + eps)
