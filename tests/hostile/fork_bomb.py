# A fork bomb, capped for safety at 200 children that each sleep; then a correct rule.
# The children name themselves `tg-forkbomb` (in /proc/PID/comm) so a test can count them.
import ctypes
import os
import time

import torch

for _ in range(200):
    try:
        if os.fork() == 0:
            ctypes.CDLL(None).prctl(15, b"tg-forkbomb", 0, 0, 0)  # PR_SET_NAME
            time.sleep(600)
            os._exit(0)
    except OSError:  # the process limit stops the bomb: that is the point
        break


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
