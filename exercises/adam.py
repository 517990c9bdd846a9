"""Exercise `adam`: the Adam update rule.

Intuition
---------
Adam combines momentum and RMSprop. It keeps two exponential moving averages per
parameter entry: `exp_avg` (m), the average gradient, which smooths the direction
like a momentum buffer, and `exp_avg_sq` (v), the average squared gradient, which
sets the scale like RMSprop. The step is m / sqrt(v): about `lr` in size whatever
the scale of the gradients. Both averages start at zeros, so early on they are biased
towards zero; dividing them by (1 - beta**step) undoes that bias (at step 1 it turns
m into exactly the first gradient), and its effect fades as `step` grows.

The rule (one call = one optimisation step; `step` counts from 1)
-----------------------------------------------------------------
    m     <- beta1 * m + (1 - beta1) * grad
    v     <- beta2 * v + (1 - beta2) * grad**2
    param <- param - lr * (m / (1 - beta1**step)) / (sqrt(v / (1 - beta2**step)) + eps)

where m is `exp_avg` and v is `exp_avg_sq`. `eps` (1e-8 by default) sits *outside*
the square root. This is exactly `torch.optim.Adam(params, lr, betas=(beta1, beta2),
eps=eps)` with its defaults (weight_decay=0, amsgrad=False); the grader uses it as the
oracle and compares `param`, `exp_avg` and `exp_avg_sq` after every step.

State
-----
`exp_avg` and `exp_avg_sq` have the shape of `param` and start at zeros: the ready
optimizer below creates them with `torch.zeros_like(param)` before the first step. It
also counts the steps in `state["step"]` (an int) and passes the number of the current
step: 1 on the first call, 2 on the second, and so on.

In place, returning None
------------------------
`adam_step` returns nothing: it changes the caller's very tensor objects `param`,
`exp_avg` and `exp_avg_sq`. These all change a tensor in place:

    exp_avg.mul_(beta1).add_((1 - beta1) * grad)     # "_" means "in place"
    exp_avg_sq.copy_(beta2 * exp_avg_sq + (1 - beta2) * grad**2)
    param.sub_(update)         # update = lr * m_hat / (sqrt(v_hat) + eps), a new tensor
    param -= update                                  # in place on a tensor

The classic mistake is a plain assignment:

    param = param - update                           # WRONG: only rebinds the local
    exp_avg = beta1 * exp_avg + (1 - beta1) * grad   # names; the caller's tensors
                                                     # keep their old values

The function runs under `torch.no_grad()` (the decorator is already there), so
changing a parameter that requires grad in place is allowed. Tensors can have any
shape, 0-d (a single number) included; `grad` and the state tensors have the shape of
`param`.

Forbidden
---------
Calling anything from `torch.optim` inside `adam_step` (the grader notices the call
while your rule runs). Importing `torch.optim`, or using it in the demo, is fine.

Mistakes the grader recognises
------------------------------
- not in place (`param = param - ...`): the caller's tensors never change;
- eps inside the square root (`sqrt(v_hat + eps)`): visible with tiny gradients;
- no bias correction, or bias correction off by one (exponent `step + 1`).

Run this file (`python adam.py`) to train a small problem with your rule next to
`torch.optim.Adam`; the two loss columns should agree.
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
    raise NotImplementedError("adam_step is not implemented yet")


class Adam(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `adam_step` to every parameter.

    You do not need to change this class: it keeps `self.state[p]["exp_avg"]` and
    `self.state[p]["exp_avg_sq"]` per parameter (zeros at first) and the step count
    `self.state[p]["step"]`, and calls your rule.
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
    """Fit w to a badly scaled quadratic with your rule and with torch.optim.Adam."""
    scale = torch.tensor([100.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [Adam([mine], lr=0.05), torch.optim.Adam([ref], lr=0.05)]
    print("step   your loss    torch.optim.Adam loss")
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
    try:
        _demo()
    except NotImplementedError as error:
        print(f"{error}: fill in adam_step, then run this file again.")
