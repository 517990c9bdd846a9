# Lets torch.optim's functional Adam do the step inside the rule (forbidden): no label.
import torch


@torch.no_grad()
def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    state_step = torch.tensor(float(step - 1))
    torch.optim._functional.adam([param], [grad], [exp_avg], [exp_avg_sq], [], [state_step],
                                 amsgrad=False, beta1=beta1, beta2=beta2, lr=lr,
                                 weight_decay=0.0, eps=eps, maximize=False)
