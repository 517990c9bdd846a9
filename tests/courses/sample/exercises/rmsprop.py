"""Exercise `rmsprop` (course version): the RMSprop update rule.

    square_avg <- alpha * square_avg + (1 - alpha) * grad**2
    param      <- param - lr * grad / (sqrt(square_avg) + eps)

In place on `param` and `square_avg`; returns None. (This course grades the rule with
its own, shorter suite; the class below is ready to use.)
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
    """One RMSprop step, in place on `param` and `square_avg`; returns None."""
    raise NotImplementedError("rmsprop_step is not implemented yet")


class RMSprop(torch.optim.Optimizer):
    """A ready optimizer that applies `rmsprop_step` to every parameter."""

    def __init__(self, params, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8) -> None:
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
