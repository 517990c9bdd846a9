# expect-status: graded
# expect-score: =10
# Lecture style: float32 weight of shape (1,), updates through .data, autograd.grad.
import torch

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]


def forward(x, w):
    return x * w


def loss(x, y, w):
    y_pred = forward(x, w)
    return (y_pred - y) * (y_pred - y)


def train_autograd(xs, ys, w=1.0, lr=0.01, epochs=100):
    w = torch.Tensor([w])
    w.requires_grad = True
    losses = []
    for epoch in range(epochs):
        for x_val, y_val in zip(xs, ys):
            l = loss(x_val, y_val, w)
            last = l.data[0].item()
            l.backward()
            w.data = w.data - lr * w.grad.data
            w.grad.data.zero_()
        losses.append(last)
    return float(w.data[0]), losses


def quadratic_grads(x, y, w1, w2, b):
    params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]
    w1_t, w2_t, b_t = params
    L = (w1_t * x ** 2 + w2_t * x + b_t - y) ** 2
    grads = torch.autograd.grad(L, params)
    return tuple(float(g) for g in grads)


print("predict (before training)", 4, forward(4, 1.0))
w, losses = train_autograd(x_data, y_data)
print("predict (after training)", 4, forward(4, w))
