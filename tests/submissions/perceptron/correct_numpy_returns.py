# expect-status: graded
# expect-score: =10
# Correct, numpy inside and out: w a numpy array, b a numpy float64.
import numpy as np
import torch

def perceptron_train(X, y, lr=1.0, epochs=100):
    X = np.asarray(X); y = np.asarray(y)
    w = np.zeros(X.shape[1]); b = 0.0
    for _ in range(epochs):
        for xi, yi in zip(X, y):
            if yi * (np.dot(w, xi) + b) <= 0:
                w = w + lr * yi * xi
                b = b + lr * yi
    return w, b

def xor_model():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    x = torch.tensor([[0., 0], [0, 1], [1, 0], [1, 1]]); t = torch.tensor([[0.], [1], [1], [0]])
    opt = torch.optim.Adam(net.parameters(), lr=0.05)
    for _ in range(500):
        opt.zero_grad(); l = torch.nn.functional.binary_cross_entropy_with_logits(net(x), t); l.backward(); opt.step()
    return net
