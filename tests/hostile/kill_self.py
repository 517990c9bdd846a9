# SIGKILLs itself inside the rule on 0-d tensors; else correct.
import os
import signal

import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    if param.dim() == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
