# expect-status: graded
# expect-score: =0
# expect-message: your code uses torch.optim.Adam in `adam_step` (line 22), which this exercise forbids
# Empties the grader's worker-side watch lists at import, then lets torch.optim.Adam do
# the rule. Only a verdict reached outside the student's process sees it.
import torch

try:
    import grader.engine.worker_side.tripwires as watch
    for name in list(watch.GROUPS):
        watch.GROUPS[name] = ()
    watch.PACKAGES.clear()
except ImportError:
    pass


@torch.no_grad()
def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9, beta2=0.999,
              eps=1e-8):
    shadow = param.detach().clone().requires_grad_(True)
    shadow.grad = grad.clone()
    optimizer = torch.optim.Adam([shadow], lr=lr, betas=(beta1, beta2), eps=eps)
    state = optimizer.state[shadow]
    state["step"] = torch.tensor(float(step - 1))
    state["exp_avg"], state["exp_avg_sq"] = exp_avg, exp_avg_sq
    with torch.enable_grad():
        optimizer.step()
    param.copy_(shadow)
