# expect-status: graded
# expect-score: =0
# expect-message: torch.optim._functional.sgd
# Lets torch.optim's functional SGD do the step inside the rule (forbidden): no label.
import torch


@torch.no_grad()
def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    torch.optim._functional.sgd([param], [grad], [buf], weight_decay=0.0,
                                momentum=momentum, lr=lr, dampening=0.0,
                                nesterov=False, maximize=False)
