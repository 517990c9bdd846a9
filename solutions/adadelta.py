"""Reference solution of the `adadelta` exercise.

    square_avg <- rho * square_avg + (1 - rho) * grad**2
    delta      <- sqrt(acc_delta + eps) / sqrt(square_avg + eps) * grad
    acc_delta  <- rho * acc_delta + (1 - rho) * delta**2
    param      <- param - lr * delta

The operations follow `torch.optim.Adadelta`'s single-tensor implementation in the
same order, so the results agree with it to the last bit. The task, with its
explanations, is in `exercises/adadelta.py`.
"""

import torch


@torch.no_grad()
def adadelta_step(
    param: torch.Tensor,
    grad: torch.Tensor,
    square_avg: torch.Tensor,
    acc_delta: torch.Tensor,
    lr: float = 1.0,
    rho: float = 0.9,
    eps: float = 1e-6,
) -> None:
    """One Adadelta step, in place on `param`, `square_avg` and `acc_delta`; returns None.

    square_avg <- rho * square_avg + (1 - rho) * grad**2
    delta      <- sqrt(acc_delta + eps) / sqrt(square_avg + eps) * grad
    acc_delta  <- rho * acc_delta + (1 - rho) * delta**2
    param      <- param - lr * delta
    """
    square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)  # moving average of grad**2
    std = square_avg.add(eps).sqrt_()                         # sqrt(square_avg + eps)
    delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)   # uses the old acc_delta
    acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho) # moving average of delta**2
    param.add_(delta, alpha=-lr)


class Adadelta(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `adadelta_step` to every parameter.

    It keeps `self.state[p]["square_avg"]` and `self.state[p]["acc_delta"]` per
    parameter (zeros at first) and calls the rule.
    """

    def __init__(self, params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6) -> None:
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["square_avg"] = torch.zeros_like(p)
                    state["acc_delta"] = torch.zeros_like(p)
                adadelta_step(p, p.grad, state["square_avg"], state["acc_delta"],
                              lr=group["lr"], rho=group["rho"], eps=group["eps"])
        return loss


def _demo() -> None:
    """Fit w to a badly scaled quadratic with this rule and with torch.optim.Adadelta."""
    scale = torch.tensor([100.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [Adadelta([mine]), torch.optim.Adadelta([ref])]
    print("step   rule loss    torch.optim.Adadelta loss")
    for step in range(1, 301):
        losses = []
        for w, opt in zip((mine, ref), optimizers):
            opt.zero_grad()
            loss = (scale * (w - target) ** 2).sum()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        if step % 30 == 0:
            print(f"{step:4d}   {losses[0]:10.6f}   {losses[1]:10.6f}")


if __name__ == "__main__":
    _demo()
