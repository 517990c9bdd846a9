"""Named mistakes of `gradient_descent` (see the contract's misconceptions).

An override runs with this module's globals, not the reference's: the helpers it
needs are defined here. Reference functions that call an overridden name (e.g.
`train_gd` calling `gradient`) pick the override up.
"""

from grader.judge.api import Mutant


def _cost(xs, ys, w):
    return sum((x * w - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def _gradient(xs, ys, w):
    return sum(2 * x * (x * w - y) for x, y in zip(xs, ys)) / len(xs)


def _gradient_without_two(xs, ys, w):
    return sum(x * (x * w - y) for x, y in zip(xs, ys)) / len(xs)


def _summed_cost(xs, ys, w):
    return sum((x * w - y) ** 2 for x, y in zip(xs, ys))


def _summed_gradient(xs, ys, w):
    return sum(2 * x * (x * w - y) for x, y in zip(xs, ys))


def _train_gd_ascent(xs, ys, w=1.0, lr=0.01, epochs=100):
    costs = []
    for _ in range(epochs):
        costs.append(_cost(xs, ys, w))
        w = w + lr * _gradient(xs, ys, w)
    return float(w), costs


def _train_gd_cost_after_update(xs, ys, w=1.0, lr=0.01, epochs=100):
    costs = []
    for _ in range(epochs):
        w = w - lr * _gradient(xs, ys, w)
        costs.append(_cost(xs, ys, w))
    return float(w), costs


MUTANTS = [
    Mutant("gradient_descent.missing_factor_two", "factor 2 missing from the gradient",
           "d/dw (x*w - y)**2 = 2*x*(x*w - y): the 2 comes from the square (chain rule). "
           "Without it every step is half as long, so training is twice as slow and "
           "the gradient no longer matches the cost (same for `sample_gradient`).",
           {"gradient": _gradient_without_two}),
    Mutant("gradient_descent.sum_instead_of_mean", "sum instead of mean in cost and gradient",
           "the cost is the *mean* squared error, and its gradient the mean of "
           "2*x*(x*w - y): divide by N = len(xs). Summing makes both N times larger, so "
           "the same learning rate takes N-times longer steps and can diverge on big "
           "data sets.",
           {"cost": _summed_cost, "gradient": _summed_gradient}),
    Mutant("gradient_descent.gradient_ascent", "the update climbs the slope (gradient ascent)",
           "descend with `w = w - lr * gradient`: the gradient points uphill, so adding "
           "`lr * gradient` makes the cost grow each epoch instead of shrink (same rule "
           "in `train_sgd`: `w - lr * sample_gradient`).",
           {"train_gd": _train_gd_ascent}),
    Mutant("gradient_descent.cost_after_update", "cost recorded after the update",
           "`costs[i]` is the cost *before* epoch i's update: append `cost(xs, ys, w)`, "
           "then update `w`. Recorded after, `costs[0]` is no longer the cost of the "
           "starting weight and the whole curve is shifted by one epoch.",
           {"train_gd": _train_gd_cost_after_update}),
]
