"""Reference solution of the `adagrad` exercise.

    state_sum <- state_sum + grad**2
    param     <- param - lr * grad / (sqrt(state_sum) + eps)

The operations follow `torch.optim.Adagrad`'s single-tensor implementation in the
same order, so the results agree with it to the last bit. The task, with its
explanations, is in `exercises/adagrad.py`.
"""

import torch


@torch.no_grad()
def adagrad_step(
    param: torch.Tensor,
    grad: torch.Tensor,
    state_sum: torch.Tensor,
    lr: float = 0.01,
    eps: float = 1e-10,
) -> None:
    """One Adagrad step, in place on `param` and `state_sum`; returns None.

    state_sum <- state_sum + grad**2
    param     <- param - lr * grad / (sqrt(state_sum) + eps)
    """
    state_sum.addcmul_(grad, grad, value=1)  # running sum of squared gradients
    std = state_sum.sqrt().add_(eps)         # eps outside the root
    param.addcdiv_(grad, std, value=-lr)     # per-entry step lr / std


class Adagrad(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `adagrad_step` to every parameter.

    It keeps one sum of squared gradients per parameter in `self.state[p]["sum"]`
    (zeros at first) and calls the rule.
    """

    def __init__(self, params, lr: float = 0.01, eps: float = 1e-10) -> None:
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(params, dict(lr=lr, eps=eps))

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
                    state["sum"] = torch.zeros_like(p)
                adagrad_step(p, p.grad, state["sum"], lr=group["lr"], eps=group["eps"])
        return loss


def _demo() -> None:
    """Fit w to a badly scaled quadratic with this rule and with torch.optim.Adagrad."""
    scale = torch.tensor([100.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [Adagrad([mine], lr=0.5), torch.optim.Adagrad([ref], lr=0.5)]
    print("step   rule loss    torch.optim.Adagrad loss")
    for step in range(1, 101):
        losses = []
        for w, opt in zip((mine, ref), optimizers):
            opt.zero_grad()
            loss = (scale * (w - target) ** 2).sum()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        if step % 10 == 0:
            print(f"{step:4d}   {losses[0]:10.6f}   {losses[1]:10.6f}")


if __name__ == "__main__":
    _demo()
