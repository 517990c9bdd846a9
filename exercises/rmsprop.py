"""Exercise `rmsprop`: the RMSprop update rule.

Intuition
---------
Adagrad divides each step by the root of the sum of *all* past squared gradients, so
its steps only ever shrink. RMSprop replaces the sum by an exponential moving average:
`square_avg` tracks the typical size of the recent squared gradients, forgetting the
old ones at rate `alpha` (0.99 by default: roughly the last 1 / (1 - alpha) = 100
steps count). Dividing the gradient by `sqrt(square_avg)` normalises every entry to a
step of about `lr`, whatever the scale of its gradients.

The rule (one call = one optimisation step)
-------------------------------------------
    square_avg <- alpha * square_avg + (1 - alpha) * grad**2
    param      <- param - lr * grad / (sqrt(square_avg) + eps)

`eps` (1e-8 by default) sits *outside* the square root and only guards against a
division by zero. This is exactly `torch.optim.RMSprop(params, lr, alpha, eps)` with
its defaults (momentum=0, centered=False, weight_decay=0); the grader uses it as the
oracle and compares both `param` and `square_avg` after every step.

State
-----
`square_avg` has the shape of `param` and starts at zeros: the ready optimizer below
creates it with `torch.zeros_like(param)` before the first step.

In place, returning None
------------------------
`rmsprop_step` returns nothing: it changes the caller's very tensor objects `param`
and `square_avg`. These all change a tensor in place:

    square_avg.mul_(alpha).add_((1 - alpha) * grad**2)   # "_" means "in place"
    square_avg.copy_(alpha * square_avg + (1 - alpha) * grad**2)
    param.sub_(lr * grad / (square_avg.sqrt() + eps))
    param -= lr * grad / (square_avg.sqrt() + eps)       # in place on a tensor

The classic mistake is a plain assignment:

    param = param - lr * grad / (square_avg.sqrt() + eps)   # WRONG: only rebinds the
    square_avg = alpha * square_avg + (1 - alpha) * grad**2 # local names; the caller's
                                                            # tensors keep old values

The function runs under `torch.no_grad()` (the decorator is already there), so
changing a parameter that requires grad in place is allowed. Tensors can have any
shape, 0-d (a single number) included; `grad` and `square_avg` have the shape of
`param`.

Forbidden
---------
Calling anything from `torch.optim` inside `rmsprop_step` (the grader notices the
call while your rule runs). Importing `torch.optim`, or using it in the demo, is fine.

Mistakes the grader recognises
------------------------------
- not in place (`param = param - ...`): the caller's tensors never change;
- eps inside the square root (`sqrt(square_avg + eps)`): visible with tiny gradients;
- `(1 - alpha)` missing (`square_avg <- alpha * square_avg + grad**2`), or `alpha` and
  `(1 - alpha)` swapped;
- square root forgotten (dividing by `square_avg + eps`).

Run this file (`python rmsprop.py`) to train a small problem with your rule next to
`torch.optim.RMSprop`; the two loss columns should agree.
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
    raise NotImplementedError("rmsprop_step is not implemented yet")


class RMSprop(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `rmsprop_step` to every parameter.

    You do not need to change this class: it keeps one moving average of squared
    gradients per parameter in `self.state[p]["square_avg"]` (zeros at first) and
    calls your rule.
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
    """Fit w to a badly scaled quadratic with your rule and with torch.optim.RMSprop."""
    scale = torch.tensor([100.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [RMSprop([mine], lr=0.01), torch.optim.RMSprop([ref], lr=0.01)]
    print("step   your loss    torch.optim.RMSprop loss")
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
    try:
        _demo()
    except NotImplementedError as error:
        print(f"{error}: fill in rmsprop_step, then run this file again.")
