"""Reference solution of the `adam` exercise.

    m     <- beta1 * m + (1 - beta1) * grad
    v     <- beta2 * v + (1 - beta2) * grad**2
    param <- param - lr * (m / (1 - beta1**step)) / (sqrt(v / (1 - beta2**step)) + eps)

The operations follow `torch.optim.Adam`'s single-tensor implementation in the same
order, so the results agree with it to the last bit. The task, with its explanations,
is in `exercises/adam.py`.
"""

import torch


@torch.no_grad()
def adam_step(
    param: torch.Tensor,
    grad: torch.Tensor,
    exp_avg: torch.Tensor,
    exp_avg_sq: torch.Tensor,
    step: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> None:
    """One Adam step, in place on `param`, `exp_avg` and `exp_avg_sq`; returns None.

    `step` is the number of this step, counting from 1.

    m     <- beta1 * m + (1 - beta1) * grad
    v     <- beta2 * v + (1 - beta2) * grad**2
    param <- param - lr * (m / (1 - beta1**step)) / (sqrt(v / (1 - beta2**step)) + eps)
    """
    # m + (1 - beta1) * (grad - m) is beta1 * m + (1 - beta1) * grad; torch.optim
    # computes it with lerp_, and so do we, to agree with it to the last bit.
    exp_avg.lerp_(grad, 1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)

    bias_correction1 = 1 - beta1**step
    bias_correction2 = 1 - beta2**step
    step_size = lr / bias_correction1                                  # lr / (1 - beta1**step)
    denom = (exp_avg_sq.sqrt() / bias_correction2**0.5).add_(eps)      # sqrt(v_hat) + eps
    param.addcdiv_(exp_avg, denom, value=-step_size)                   # param - lr * m_hat / denom


class Adam(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `adam_step` to every parameter.

    It keeps `self.state[p]["exp_avg"]` and `self.state[p]["exp_avg_sq"]` per
    parameter (zeros at first) and the step count `self.state[p]["step"]`, and calls
    the rule.
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8) -> None:
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                state["step"] += 1
                adam_step(p, p.grad, state["exp_avg"], state["exp_avg_sq"], state["step"],
                          lr=group["lr"], beta1=beta1, beta2=beta2, eps=group["eps"])
        return loss


def _demo() -> None:
    """Fit w to a badly scaled quadratic with this rule and with torch.optim.Adam."""
    scale = torch.tensor([100.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [Adam([mine], lr=0.05), torch.optim.Adam([ref], lr=0.05)]
    print("step   rule loss    torch.optim.Adam loss")
    for step in range(1, 201):
        losses = []
        for w, opt in zip((mine, ref), optimizers):
            opt.zero_grad()
            loss = (scale * (w - target) ** 2).sum()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        if step % 20 == 0:
            print(f"{step:4d}   {losses[0]:10.6f}   {losses[1]:10.6f}")


if __name__ == "__main__":
    _demo()
