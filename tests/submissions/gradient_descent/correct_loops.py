# expect-status: graded
# expect-score: =10
# Plain loops, running sums, and a demo plot at the top level.
import matplotlib.pyplot as plt

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]


def cost(xs, ys, w):
    total = 0
    for x, y in zip(xs, ys):
        y_pred = x * w
        total += (y_pred - y) ** 2
    return total / len(xs)


def gradient(xs, ys, w):
    grad = 0
    for x, y in zip(xs, ys):
        grad += 2 * x * (x * w - y)
    return grad / len(xs)


def train_gd(xs, ys, w=1.0, lr=0.01, epochs=100):
    costs = []
    for epoch in range(epochs):
        cost_val = cost(xs, ys, w)
        grad_val = gradient(xs, ys, w)
        w -= lr * grad_val
        costs.append(cost_val)
    return w, costs


def sample_gradient(x, y, w):
    return 2 * x * (x * w - y)


def train_sgd(xs, ys, w=1.0, lr=0.01, epochs=100):
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            grad = sample_gradient(x, y, w)
            w = w - lr * grad
            l = (x * w - y) ** 2
        losses.append(l)
    return w, losses


w, costs = train_gd(x_data, y_data)
print("Predict (after training)", 4, 4 * w)
plt.plot(costs)
plt.show()
