# math.pow only works on single numbers, not on arrays or tensors.
import math


def forward(x, w):
    return x * w


def loss(x, y, w):
    return math.pow(forward(x, w) - y, 2)


def mse(xs, ys, w):
    return sum(loss(x, y, w) for x, y in zip(xs, ys)) / len(xs)


def scan(xs, ys, ws):
    return [mse(xs, ys, w) for w in ws]


def best_weight(xs, ys, ws):
    costs = scan(xs, ys, ws)
    return ws[costs.index(min(costs))]
