# A correct submission that takes two seconds to load (long enough for a test to kill
# the zygote under it).
import time

import torch

time.sleep(2)


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
