import torch


def forward(x, w):
    return x * w


def loss(x, y, w):
    return (forward(x, w) - y) ** 2


def mse(xs, ys, w):
    xs = torch.as_tensor(xs, dtype=torch.float64)
    ys = torch.as_tensor(ys, dtype=torch.float64)
    return torch.mean(loss(xs, ys, w))


def scan(xs, ys, ws):
    return [mse(xs, ys, w) for w in ws]


def best_weight(xs, ys, ws):
    costs = torch.stack(scan(xs, ys, ws))
    return float(ws[int(torch.argmin(costs))])
