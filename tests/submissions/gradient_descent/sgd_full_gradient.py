# expect-status: graded
# expect-score: <10
# expect-message: your answer differs from the expected one (in what `train_sgd` returns)
# "SGD" that uses the whole data set's gradient at every sample.
def cost(xs, ys, w):
    return sum((x * w - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def gradient(xs, ys, w):
    return sum(2 * x * (x * w - y) for x, y in zip(xs, ys)) / len(xs)


def train_gd(xs, ys, w=1.0, lr=0.01, epochs=100):
    costs = []
    for _ in range(epochs):
        costs.append(cost(xs, ys, w))
        w = w - lr * gradient(xs, ys, w)
    return w, costs


def sample_gradient(x, y, w):
    return 2 * x * (x * w - y)


def train_sgd(xs, ys, w=1.0, lr=0.01, epochs=100):
    losses = []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            w = w - lr * gradient(xs, ys, w)
        losses.append((x * w - y) ** 2)
    return w, losses
