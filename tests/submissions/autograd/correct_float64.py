# expect-status: graded
# expect-score: =10
# float64 weight, update under no_grad, grad zeroed with zero_().
import torch


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * w - y) ** 2
            l.backward()
            with torch.no_grad():
                w -= lr * w.grad
            w.grad.zero_()
        losses.append(l.item())
    return w.item(), losses


def quadratic_grads(x, y, w1, w2, b):
    w1 = torch.tensor(w1, dtype=torch.float64, requires_grad=True)
    w2 = torch.tensor(w2, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    L = (w1 * x ** 2 + w2 * x + b - y) ** 2
    L.backward()
    return w1.grad.item(), w2.grad.item(), b.grad.item()


if __name__ == "__main__":
    print(train_autograd([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]))
