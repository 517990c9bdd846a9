# expect-status: graded
# expect-score: =10
# Correct, the course's global-variable script with np.mean (np.float64 answers) and a
# top-level scan loop; best_weight returns a numpy float.
import numpy as np
w = 1.0
def forward(x, w):
    return x * w
def loss(x, y, w):
    y_pred = forward(x, w)
    return (y_pred - y) * (y_pred - y)
def mse(xs, ys, w):
    return np.mean([loss(x, y, w) for x, y in zip(xs, ys)])
def scan(xs, ys, ws):
    return [mse(xs, ys, w) for w in ws]
def best_weight(xs, ys, ws):
    return ws[np.argmin(scan(xs, ys, ws))]
w_list, mse_list = [], []
for w in np.arange(0.0, 4.1, 0.1):
    w_list.append(w); mse_list.append(mse([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], w))
