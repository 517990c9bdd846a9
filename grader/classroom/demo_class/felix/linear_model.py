# `<=` keeps the *last* of equally good weights.
def forward(x, w):
    return x * w


def loss(x, y, w):
    return (forward(x, w) - y) ** 2


def mse(xs, ys, w):
    return float(sum(loss(x, y, w) for x, y in zip(xs, ys)) / len(xs))


def scan(xs, ys, ws):
    return [mse(xs, ys, w) for w in ws]


def best_weight(xs, ys, ws):
    best, best_cost = ws[0], float("inf")
    for w in ws:
        c = mse(xs, ys, w)
        if c <= best_cost:
            best, best_cost = w, c
    return float(best)
