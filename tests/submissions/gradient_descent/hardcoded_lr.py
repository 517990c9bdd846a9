# expect-status: graded
# expect-score: <10
# expect-hint: other learning rates
# The course script's literal 0.01 kept inside the functions: every public test
# passes; the hidden tests, which use other learning rates, say so in their hints.
def cost(xs, ys, w):
    return sum((x * w - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def gradient(xs, ys, w):
    return sum(2 * x * (x * w - y) for x, y in zip(xs, ys)) / len(xs)


def sample_gradient(x, y, w):
    return 2 * x * (x * w - y)


def train_gd(xs, ys, w=1.0, lr=0.01, epochs=100):
    costs = []
    for epoch in range(epochs):
        costs.append(cost(xs, ys, w))
        w = w - 0.01 * gradient(xs, ys, w)
    return w, costs


def train_sgd(xs, ys, w=1.0, lr=0.01, epochs=100):
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            w = w - 0.01 * sample_gradient(x, y, w)
        losses.append((xs[-1] * w - ys[-1]) ** 2)
    return w, losses
