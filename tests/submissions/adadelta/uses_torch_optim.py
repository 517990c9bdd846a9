# expect-status: graded
# expect-score: =0
# expect-message: torch.optim._functional.adadelta
# Lets torch.optim's functional Adadelta do the step inside the rule (forbidden).
import torch


@torch.no_grad()
def adadelta_step(param, grad, square_avg, acc_delta, lr=1.0, rho=0.9, eps=1e-6):
    torch.optim._functional.adadelta([param], [grad], [square_avg], [acc_delta],
                                     [torch.zeros(())], lr=lr, rho=rho, eps=eps,
                                     weight_decay=0.0, maximize=False)
