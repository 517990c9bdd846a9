# expect-status: graded
# expect-score: =10
# Allowed: torch.optim imported and used in demo code (top level and __main__), the
# ready Optimizer subclass, and an own helper class whose method is named `step`.
import torch
import torch.optim as optim
from torch.optim import RMSprop as TorchRMSprop


class _MovingAverage:
    def __init__(self, alpha):
        self.alpha = alpha

    def step(self, average, value):
        average.mul_(self.alpha).add_((1 - self.alpha) * value)


@torch.no_grad()
def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    _MovingAverage(alpha).step(square_avg, grad * grad)
    param.sub_(lr * grad / (square_avg.sqrt() + eps))


class RMSprop(torch.optim.Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["square_avg"] = torch.zeros_like(p)
                rmsprop_step(p, p.grad, state["square_avg"], group["lr"], group["alpha"],
                             group["eps"])


w = torch.tensor([1.0, -2.0], requires_grad=True)
reference = optim.SGD([w.detach().clone().requires_grad_()], lr=0.1)

if __name__ == "__main__":
    mine, theirs = w.detach().clone().requires_grad_(), w.detach().clone().requires_grad_()
    optimizers = [RMSprop([mine]), TorchRMSprop([theirs])]
    for _ in range(5):
        for param, optimizer in zip((mine, theirs), optimizers):
            optimizer.zero_grad()
            (param ** 2).sum().backward()
            optimizer.step()
    print(mine, theirs)
