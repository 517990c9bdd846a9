"""Reference solution of the `rmsprop` exercise.

    square_avg <- alpha * square_avg + (1 - alpha) * grad**2
    param      <- param - lr * grad / (sqrt(square_avg) + eps)

The operations follow `torch.optim.RMSprop`'s single-tensor implementation in the
same order, so the results agree with it to the last bit. The task, with its
explanations, is in `exercises/rmsprop.py`.
"""

import torch


@torch.no_grad()
def rmsprop_step(
    param: torch.Tensor,
    grad: torch.Tensor,
    square_avg: torch.Tensor,
    lr: float = 0.01,
    alpha: float = 0.99,
    eps: float = 1e-8,
) -> None:
    """One RMSprop step, in place on `param` and `square_avg`; returns None.

    square_avg <- alpha * square_avg + (1 - alpha) * grad**2
    param      <- param - lr * grad / (sqrt(square_avg) + eps)
    """
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)  # moving average of grad**2
    avg = square_avg.sqrt().add_(eps)                             # eps outside the root
    param.addcdiv_(grad, avg, value=-lr)


class RMSprop(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `rmsprop_step` to every parameter.

    It keeps one moving average of squared gradients per parameter in
    `self.state[p]["square_avg"]` (zeros at first) and calls the rule.
    """

    def __init__(self, params, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8) -> None:
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps))

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
                rmsprop_step(p, p.grad, state["square_avg"],
                             lr=group["lr"], alpha=group["alpha"], eps=group["eps"])
        return loss


def _demo() -> None:
    """Fit w to a badly scaled quadratic with this rule and with torch.optim.RMSprop."""
    scale = torch.tensor([100.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [RMSprop([mine], lr=0.01), torch.optim.RMSprop([ref], lr=0.01)]
    print("step   rule loss    torch.optim.RMSprop loss")
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
