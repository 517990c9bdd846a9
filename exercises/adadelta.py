"""Exercise `adadelta`: the Adadelta update rule.

Intuition
---------
Adadelta, like RMSprop, divides each gradient entry by the root of a moving average of
its squared gradients (`square_avg`), so badly scaled directions get comparable steps.
It adds a second moving average, `acc_delta`, of the squared *steps* it has taken, and
multiplies by its root. The ratio sqrt(acc_delta) / sqrt(square_avg) has the units of
the parameter itself, which is why Adadelta works with lr = 1.0 and no tuning: the
step size is learnt from the size of the recent steps. `rho` (0.9 by default) is the
forgetting rate of both averages; `eps` (1e-6) sits *inside* both square roots, and
it is what makes the very first steps non-zero (acc_delta starts at zeros).

The rule (one call = one optimisation step)
-------------------------------------------
    square_avg <- rho * square_avg + (1 - rho) * grad**2
    delta      <- sqrt(acc_delta + eps) / sqrt(square_avg + eps) * grad
    acc_delta  <- rho * acc_delta + (1 - rho) * delta**2
    param      <- param - lr * delta

Note the order: `square_avg` is updated before `delta` is computed, and `delta` uses
the *old* `acc_delta`, which is updated afterwards with the new `delta`. This is
exactly `torch.optim.Adadelta(params, lr, rho, eps)` with weight_decay=0; the grader
uses it as the oracle and compares `param`, `square_avg` and `acc_delta` after every
step.

State
-----
`square_avg` and `acc_delta` have the shape of `param` and start at zeros: the ready
optimizer below creates them with `torch.zeros_like(param)` before the first step.

In place, returning None
------------------------
`adadelta_step` returns nothing: it changes the caller's very tensor objects `param`,
`square_avg` and `acc_delta`. These all change a tensor in place:

    square_avg.mul_(rho).add_((1 - rho) * grad**2)   # "_" means "in place"
    acc_delta.copy_(rho * acc_delta + (1 - rho) * delta**2)
    param.sub_(lr * delta)
    param -= lr * delta                              # in place on a tensor

The classic mistake is a plain assignment:

    param = param - lr * delta                       # WRONG: only rebinds the local
    acc_delta = rho * acc_delta + (1 - rho) * delta**2   # names; the caller's tensors
                                                         # keep their old values

(`delta` itself is a new, temporary tensor: computing it out of place is fine.)

The function runs under `torch.no_grad()` (the decorator is already there), so
changing a parameter that requires grad in place is allowed. Tensors can have any
shape, 0-d (a single number) included; `grad` and the state tensors have the shape of
`param`.

Forbidden
---------
Calling anything from `torch.optim` inside `adadelta_step` (the grader notices the
call while your rule runs). Importing `torch.optim`, or using it in the demo, is fine.

Mistakes the grader recognises
------------------------------
- not in place (`param = param - ...`): the caller's tensors never change;
- both square roots dropped (`delta <- (acc_delta + eps) / (square_avg + eps) * grad`);
- `acc_delta` accumulating `grad**2` instead of `delta**2`.

Run this file (`python adadelta.py`) to train a small problem with your rule next to
`torch.optim.Adadelta`; the two loss columns should agree.
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
    raise NotImplementedError("adadelta_step is not implemented yet")


class Adadelta(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `adadelta_step` to every parameter.

    You do not need to change this class: it keeps `self.state[p]["square_avg"]` and
    `self.state[p]["acc_delta"]` per parameter (zeros at first) and calls your rule.
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
    """Fit w to a badly scaled quadratic with your rule and with torch.optim.Adadelta."""
    scale = torch.tensor([100.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [Adadelta([mine]), torch.optim.Adadelta([ref])]
    print("step   your loss    torch.optim.Adadelta loss")
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
        print(f"{error}: fill in adadelta_step, then run this file again.")
