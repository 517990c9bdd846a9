# expect-status: graded
# expect-score: <10
# expect-misconceptions: autograd.gradient_ascent
# expect-outcome: test_gradients_come_from_autograd=passed
# Wrong sign in the update (gradient ascent), but the gradients do come from
# backward(): the autograd test must pass, the numeric tests fail.
import torch


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.tensor(w, requires_grad=True)
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * w - y) ** 2
            losses_item = l.item()
            l.backward()
            w.data = w.data + lr * w.grad.data
            w.grad.data.zero_()
        losses.append(losses_item)
    return w.item(), losses


def quadratic_grads(x, y, w1, w2, b):
    w1 = torch.tensor(w1, requires_grad=True)
    w2 = torch.tensor(w2, requires_grad=True)
    b = torch.tensor(b, requires_grad=True)
    l = (w1 * x ** 2 + w2 * x + b - y) ** 2
    l.backward()
    return -w1.grad.item(), -w2.grad.item(), -b.grad.item()
