# expect-status: graded
# expect-score: =0
# expect-message: your code uses torch.optim._functional.sgd in `momentum_step` (line 14), which this exercise forbids
# torch.optim's functional SGD, imported by name and called from another thread: the
# worker's profiler hook watched only the grading thread.
import threading

import torch
from torch.optim._functional import sgd


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    worker = threading.Thread(target=sgd, args=([param], [grad], [buf]), kwargs=dict(
        weight_decay=0.0, momentum=momentum, lr=lr, dampening=0.0, nesterov=False,
        maximize=False))
    worker.start()
    worker.join()
