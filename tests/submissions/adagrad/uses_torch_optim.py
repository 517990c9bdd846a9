# expect-status: graded
# expect-score: =0
# expect-message: torch.optim._functional.adagrad
# Lets torch.optim's functional Adagrad do the step inside the rule (forbidden): no label.
import torch


@torch.no_grad()
def adagrad_step(param, grad, state_sum, lr=0.01, eps=1e-10):
    step = torch.zeros(())
    torch.optim._functional.adagrad([param], [grad], [state_sum], [step], lr=lr,
                                    weight_decay=0.0, lr_decay=0.0, eps=eps,
                                    maximize=False)
