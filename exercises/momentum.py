"""Exercise `momentum`: the update rule of SGD with momentum.

Intuition
---------
Plain SGD moves each parameter along the current gradient only, so on a long narrow
valley it zig-zags across the walls and crawls along the floor. Momentum keeps a
running "velocity" `buf`: every step adds the new gradient to a decayed copy of the
old velocity. Directions the gradients agree on build up speed; directions where
they flip sign cancel out. `momentum` (0.9 by default) is how much of the old
velocity survives each step: the buffer sums roughly the last 1 / (1 - momentum) = 10
gradients.

The rule (one call = one optimisation step)
-------------------------------------------
    buf   <- momentum * buf + grad
    param <- param - lr * buf

This is exactly what `torch.optim.SGD(params, lr, momentum=momentum)` does (with its
defaults dampening=0, nesterov=False, weight_decay=0); the grader uses it as the
oracle and compares both `param` and `buf` after every step.

State
-----
`buf` (the momentum buffer) has the shape of `param` and starts at zeros: the ready
optimizer below creates it with `torch.zeros_like(param)` before the first step, so
the first step is a plain SGD step (`buf` becomes `grad`).

In place, returning None
------------------------
`momentum_step` returns nothing: it changes the caller's very tensor objects `param`
and `buf`. These all change a tensor in place:

    param.sub_(lr * buf)              # the trailing underscore means "in place"
    param.add_(buf, alpha=-lr)
    param.copy_(param - lr * buf)     # copy new values into the existing tensor
    param -= lr * buf                 # augmented assignment on a tensor is in place
    buf.mul_(momentum).add_(grad)

The classic mistake is a plain assignment:

    param = param - lr * buf          # WRONG: only rebinds the local name `param`;
    buf = momentum * buf + grad       # the caller's tensors keep their old values

The function runs under `torch.no_grad()` (the decorator is already there), so
changing a parameter that requires grad in place is allowed. Tensors can have any
shape, 0-d (a single number) included; `grad` and `buf` have the shape of `param`.

Forbidden
---------
Calling anything from `torch.optim` inside `momentum_step` (the grader notices the
call while your rule runs). Importing `torch.optim`, or using it in the demo, is fine.

Mistakes the grader recognises
------------------------------
- not in place (`param = param - ...`): the caller's tensors never change;
- lr folded into the buffer (`buf <- momentum * buf + lr * grad`, `param <- param - buf`):
  the parameters come out the same, the buffer does not, and the buffer is checked.

Run this file (`python momentum.py`) to train a small problem with your rule next to
`torch.optim.SGD`; the two loss columns should agree.
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
    raise NotImplementedError("momentum_step is not implemented yet")


class SGDMomentum(torch.optim.Optimizer):
    """A ready `torch.optim.Optimizer` that applies `momentum_step` to every parameter.

    You do not need to change this class: it keeps one buffer per parameter in
    `self.state[p]["momentum_buffer"]` (zeros at first) and calls your rule.
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
    """Fit w to a badly scaled quadratic with your rule and with torch.optim.SGD."""
    scale = torch.tensor([10.0, 1.0])
    target = torch.tensor([1.0, -2.0])
    mine = torch.zeros(2, requires_grad=True)
    ref = torch.zeros(2, requires_grad=True)
    optimizers = [SGDMomentum([mine], lr=0.005), torch.optim.SGD([ref], lr=0.005, momentum=0.9)]
    print("step   your loss    torch.optim.SGD loss")
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
        print(f"{error}: fill in momentum_step, then run this file again.")
