# expect-status: graded
# expect-score: <10
# eps outside the roots, as in Adam or RMSprop (wrong for Adadelta, whose first step
# needs sqrt(eps)): matches no listed mistake, no label.
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
    delta = (acc_delta.sqrt() + eps) / (square_avg.sqrt() + eps) * grad
    acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
    param.sub_(lr * delta)
