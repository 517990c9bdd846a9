"""Reference solution of the `momentum` exercise (SGD with momentum).

    buf   <- momentum * buf + grad
    param <- param - lr * buf

The operations follow `torch.optim.SGD`'s single-tensor implementation in the same
order, so the results agree with it to the last bit. The task, with its explanations,
is in `exercises/momentum.py`.
"""

import torch


@torch.no_grad()
def momentum_step(
    param: torch.Tensor,
    grad: torch.Tensor,
    buf: torch.Tensor,
    lr: float = 0.01,
    momentum: float = 0.9,
) -> None:
    """One SGD-with-momentum step, in place on `param` and `buf`; returns None.

    buf   <- momentum * buf + grad
    param <- param - lr * buf
    """
    buf.mul_(momentum).add_(grad)  # velocity: decayed old velocity plus the new gradient
    param.add_(buf, alpha=-lr)     # move against the velocity


class SGDMomentum(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `momentum_step` to every parameter.

    It keeps one buffer per parameter in `self.state[p]["momentum_buffer"]` (zeros at
    first) and calls the rule.
    """

    def __init__(self, params, lr: float = 0.01, momentum: float = 0.9) -> None:
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(params, dict(lr=lr, momentum=momentum))

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
                    state["momentum_buffer"] = torch.zeros_like(p)
                momentum_step(p, p.grad, state["momentum_buffer"],
                              lr=group["lr"], momentum=group["momentum"])
        return loss


def _demo() -> None:
    """Fit w to a badly scaled quadratic with this rule and with torch.optim.SGD."""
    scale = torch.tensor([10.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [SGDMomentum([mine], lr=0.005), torch.optim.SGD([ref], lr=0.005, momentum=0.9)]
    print("step   rule loss    torch.optim.SGD loss")
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
