"""Exercise `adagrad`: the Adagrad update rule.

Intuition
---------
One learning rate for every parameter is a poor fit when some parameters get large
gradients all the time and others only rarely get small ones. Adagrad gives every
single entry its own step size: it adds up the squares of all the gradients that
entry has ever seen, and divides the step by the square root of that sum. Entries
with a history of large gradients take small steps; rarely updated entries keep
large ones. Because the sum only grows, the steps shrink over time.

The rule (one call = one optimisation step)
-------------------------------------------
    state_sum <- state_sum + grad**2
    param     <- param - lr * grad / (sqrt(state_sum) + eps)

`eps` (1e-10 by default) sits *outside* the square root and only guards against a
division by zero. This is exactly `torch.optim.Adagrad(params, lr, eps=eps)` with its
defaults (lr_decay=0, weight_decay=0, initial_accumulator_value=0); the grader uses
it as the oracle and compares both `param` and `state_sum` after every step.

State
-----
`state_sum` has the shape of `param` and starts at zeros: the ready optimizer below
creates it with `torch.zeros_like(param)` before the first step.

In place, returning None
------------------------
`adagrad_step` returns nothing: it changes the caller's very tensor objects `param`
and `state_sum`. These all change a tensor in place:

    state_sum.add_(grad * grad)       # the trailing underscore means "in place"
    state_sum += grad ** 2            # augmented assignment on a tensor is in place
    param.sub_(lr * grad / (state_sum.sqrt() + eps))
    param.copy_(param - lr * grad / (state_sum.sqrt() + eps))
    param -= lr * grad / (state_sum.sqrt() + eps)

The classic mistake is a plain assignment:

    param = param - lr * grad / (state_sum.sqrt() + eps)   # WRONG: only rebinds the
    state_sum = state_sum + grad ** 2                      # local names; the caller's
                                                           # tensors keep old values

The function runs under `torch.no_grad()` (the decorator is already there), so
changing a parameter that requires grad in place is allowed. Tensors can have any
shape, 0-d (a single number) included; `grad` and `state_sum` have the shape of
`param`.

Forbidden
---------
Calling anything from `torch.optim` inside `adagrad_step` (the grader notices the
call while your rule runs). Importing `torch.optim`, or using it in the demo, is fine.

Mistakes the grader recognises
------------------------------
- not in place (`param = param - ...`): the caller's tensors never change;
- eps inside the square root (`sqrt(state_sum + eps)`): visible with tiny gradients;
- square root forgotten (dividing by `state_sum + eps`);
- no accumulation (`state_sum <- grad**2` at every step).

Run this file (`python adagrad.py`) to train a small problem with your rule next to
`torch.optim.Adagrad`; the two loss columns should agree.
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
    raise NotImplementedError("adagrad_step is not implemented yet")


class Adagrad(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `adagrad_step` to every parameter.

    You do not need to change this class: it keeps one sum of squared gradients per
    parameter in `self.state[p]["sum"]` (zeros at first) and calls your rule.
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
    """Fit w to a badly scaled quadratic with your rule and with torch.optim.Adagrad."""
    scale = torch.tensor([100.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [Adagrad([mine], lr=0.5), torch.optim.Adagrad([ref], lr=0.5)]
    print("step   your loss    torch.optim.Adagrad loss")
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
    try:
        _demo()
    except NotImplementedError as error:
        print(f"{error}: fill in adagrad_step, then run this file again.")
