# expect-status: graded
# expect-score: =10
# Correct, the course's 03_auto_gradient script adapted to the stub's signatures: a
# float32 w of shape (1,), `.data` updates, `w.grad.data.zero_()`, a training run and
# prints at import.
import torch

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]


def forward(x, w):
    return x * w


def loss(y_pred, y_val):
    return (y_pred - y_val) ** 2


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.tensor([w], requires_grad=True)
    losses = []
    for epoch in range(epochs):
        for x_val, y_val in zip(xs, ys):
            y_pred = forward(x_val, w)
            l = loss(y_pred, y_val)
            l.backward()
            w.data = w.data - lr * w.grad.item()
            w.grad.data.zero_()
        losses.append(l.item())
    return w.item(), losses


def quadratic_grads(x, y, w1, w2, b):
    w1 = torch.tensor([w1], requires_grad=True)
    w2 = torch.tensor([w2], requires_grad=True)
    b = torch.tensor([b], requires_grad=True)
    l = (w1 * x ** 2 + w2 * x + b - y) ** 2
    l.backward()
    return w1.grad.item(), w2.grad.item(), b.grad.item()


w, losses = train_autograd(x_data, y_data, epochs=10)
print("predict (after training)", 4, forward(4, w))
