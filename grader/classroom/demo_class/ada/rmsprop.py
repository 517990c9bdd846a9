# d2l style: the states are updated through `.data`, eps outside the root: full marks.
import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.data = alpha * square_avg.data + (1 - alpha) * torch.square(grad.data)
    param.data -= lr * grad.data / (torch.sqrt(square_avg.data) + eps)


class RMSprop(torch.optim.Optimizer):
    """Keeps one moving average per parameter and applies the rule above."""

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, {"lr": lr, "alpha": alpha, "eps": eps})

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    state = self.state[p].setdefault("square_avg", torch.zeros_like(p))
                    rmsprop_step(p, p.grad, state, group["lr"], group["alpha"], group["eps"])
