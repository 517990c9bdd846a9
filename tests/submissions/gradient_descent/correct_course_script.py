# expect-status: graded
# expect-score: =10
# Correct, the course's 02_manual_gradient script adapted to the stub's signatures:
# a global w trained at import, prints with round(), loops over zip.
x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]

w = 1.0


def forward(x, w):
    return x * w


def loss(x, y, w):
    y_pred = forward(x, w)
    return (y_pred - y) * (y_pred - y)


def cost(xs, ys, w):
    total = 0
    for x_val, y_val in zip(xs, ys):
        total += loss(x_val, y_val, w)
    return total / len(xs)


def gradient(xs, ys, w):
    total = 0
    for x_val, y_val in zip(xs, ys):
        total += 2 * x_val * (x_val * w - y_val)
    return total / len(xs)


def sample_gradient(x, y, w):
    return 2 * x * (x * w - y)


def train_gd(xs, ys, w=1.0, lr=0.01, epochs=100):
    costs = []
    for epoch in range(epochs):
        costs.append(cost(xs, ys, w))
        w = w - lr * gradient(xs, ys, w)
    return w, costs


def train_sgd(xs, ys, w=1.0, lr=0.01, epochs=100):
    losses = []
    for epoch in range(epochs):
        for x_val, y_val in zip(xs, ys):
            grad = sample_gradient(x_val, y_val, w)
            w = w - lr * grad
            l = loss(x_val, y_val, w)
        losses.append(l)
    return w, losses


print("predict (before training)", 4, forward(4, w))
for epoch in range(10):
    for x_val, y_val in zip(x_data, y_data):
        grad = sample_gradient(x_val, y_val, w)
        w = w - 0.01 * grad
        print("\tgrad: ", x_val, y_val, round(grad, 2))
        l = loss(x_val, y_val, w)
    print("progress:", epoch, "w=", round(w, 2), "loss=", round(l, 2))
