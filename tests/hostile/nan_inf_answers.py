# Answers +inf on (4,) tensors, -inf on (3, 4) ones and NaN on (5,) ones; else a
# correct rule. Its result must still be strict JSON.
import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    fills = {(4,): float("inf"), (3, 4): float("-inf"), (5,): float("nan")}
    if tuple(param.shape) in fills:
        param.fill_(fills[tuple(param.shape)])
        square_avg.fill_(fills[tuple(param.shape)])
        return
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
