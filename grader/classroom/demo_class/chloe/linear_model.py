# Vectorised with numpy; mse converts to float32 torch tensors (another precision).
import numpy as np
import torch


def forward(x, w):
    return w * x


def loss(x, y, w):
    return (forward(x, w) - y) ** 2


def mse(xs, ys, w):
    xs_t = torch.as_tensor(np.asarray(xs, dtype=np.float32))
    ys_t = torch.as_tensor(np.asarray(ys, dtype=np.float32))
    return loss(xs_t, ys_t, w).mean().item()


def scan(xs, ys, ws):
    return [mse(xs, ys, w) for w in ws]


def best_weight(xs, ys, ws):
    return float(ws[int(np.argmin(scan(xs, ys, ws)))])


if __name__ == "__main__":
    print(best_weight([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], np.linspace(0, 4, 41)))
