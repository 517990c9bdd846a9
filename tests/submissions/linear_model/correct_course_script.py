# expect-status: graded
# expect-score: =10
# Correct, the course's 01_basics script adapted to the stub's signatures: running
# sums in loops, prints, a top-level scan over w with a plot.
import numpy as np
import matplotlib.pyplot as plt

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]


def forward(x, w):
    return x * w


def loss(x, y, w):
    y_pred = forward(x, w)
    return (y_pred - y) * (y_pred - y)


def mse(xs, ys, w):
    l_sum = 0
    for x_val, y_val in zip(xs, ys):
        l_sum += loss(x_val, y_val, w)
    return l_sum / len(xs)


def scan(xs, ys, ws):
    return [mse(xs, ys, w) for w in ws]


def best_weight(xs, ys, ws):
    best_w, best_mse = None, None
    for w in ws:
        m = mse(xs, ys, w)
        if best_mse is None or m < best_mse:
            best_w, best_mse = w, m
    return best_w


w_list = []
mse_list = []
for w in np.arange(0.0, 4.1, 0.1):
    print("w=", w)
    w_list.append(w)
    mse_list.append(mse(x_data, y_data, w))
    print("MSE=", mse_list[-1])
plt.plot(w_list, mse_list)
plt.ylabel('Loss')
plt.xlabel('w')
plt.show()
