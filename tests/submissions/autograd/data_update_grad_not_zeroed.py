# expect-status: graded
# expect-score: <10
# expect-misconceptions: autograd.grad_not_zeroed
# `.data` misuse from older course code: the update goes through `.data`, but the
# gradient is never reset, so backward() keeps adding into w.grad.
import torch


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.tensor([w], requires_grad=True)
    losses = []
    for epoch in range(epochs):
        for x_val, y_val in zip(xs, ys):
            l = (x_val * w - y_val) ** 2
            l.backward()
            w.data = w.data - lr * w.grad.data
        losses.append(l.item())
    return w.item(), losses


def quadratic_grads(x, y, w1, w2, b):
    params = [torch.tensor(v, requires_grad=True) for v in (w1, w2, b)]
    w1, w2, b = params
    ((w1 * x ** 2 + w2 * x + b - y) ** 2).backward()
    return tuple(p.grad.item() for p in params)
