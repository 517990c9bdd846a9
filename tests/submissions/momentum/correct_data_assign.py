# expect-status: graded
# expect-score: =10
# A correct rule that assigns .data, with the ready optimizer class kept: full marks.
import torch


def momentum_step(param, grad, buf, lr=0.01, momentum=0.9):
    buf.data = momentum * buf.data + grad
    param.data = param.data - lr * buf.data


class SGDMomentum(torch.optim.Optimizer):
    def __init__(self, params, lr=0.01, momentum=0.9):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["momentum_buffer"] = torch.zeros_like(p)
                momentum_step(p, p.grad, state["momentum_buffer"],
                              lr=group["lr"], momentum=group["momentum"])


if __name__ == "__main__":
    w = torch.zeros(2, requires_grad=True)
    opt = SGDMomentum([w], lr=0.1)
    for _ in range(50):
        opt.zero_grad()
        loss = ((w - torch.tensor([1.0, -2.0])) ** 2).sum()
        loss.backward()
        opt.step()
    print(w)
