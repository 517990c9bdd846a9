# Straightforward loops, as in the lecture.
import numpy as np
import torch
import matplotlib.pyplot as plt


def forward(x, w):
    return x * w


def loss(x, y, w):
    y_pred = forward(x, w)
    return (y_pred - y) * (y_pred - y)


def mse(xs, ys, w):
    l_sum = 0
    for x_val, y_val in zip(xs, ys):
        l_sum += loss(x_val, y_val, w)
    return float(l_sum / len(xs))


def scan(xs, ys, ws):
    mse_list = []
    for w in ws:
        mse_list.append(mse(xs, ys, w))
    return mse_list


def best_weight(xs, ys, ws):
    costs = scan(xs, ys, ws)
    best_w, best_cost = None, None
    for w, c in zip(ws, costs):
        if best_cost is None or c < best_cost:
            best_w, best_cost = w, c
    return float(best_w)


x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]
w_list = np.arange(0.0, 4.1, 0.1)
plt.plot(w_list, scan(x_data, y_data, w_list))
plt.ylabel("Loss")
plt.xlabel("w")
plt.show()
print("best:", best_weight(x_data, y_data, w_list))
