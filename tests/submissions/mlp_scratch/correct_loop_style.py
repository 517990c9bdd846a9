# expect-status: graded
# expect-score: =10
# Correct, another style: a loop over shapes, torch.where, matmul + addition order
# swapped, flatten(1) for the batch, and a training demo under __main__.
import torch
from torch import nn


def init_params(num_in, num_hidden, num_out, generator=None):
    params = []
    for rows, cols in ((num_in, num_hidden), (num_hidden, num_out)):
        W = nn.Parameter(torch.randn(rows, cols, generator=generator) / 100)
        b = nn.Parameter(torch.zeros(cols))
        params += [W, b]
    return params


def relu(X):
    a = torch.zeros_like(X)
    return torch.where(X > a, X, a)


def net(X, params):
    W1, b1, W2, b2 = params
    X = X.flatten(start_dim=1) if X.dim() > 2 else X
    H = relu(b1 + torch.matmul(X, W1))
    return b2 + torch.matmul(H, W2)


if __name__ == "__main__":  # a tiny training run, as in the course notebook
    torch.manual_seed(0)
    params = init_params(4, 16, 3)
    X = torch.randn(64, 4)
    y = (X[:, 0] > 0).long() + (X[:, 1] > 0).long()
    optimizer = torch.optim.SGD(params, lr=0.5)
    for epoch in range(20):
        loss = nn.functional.cross_entropy(net(X, params), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print("final loss", loss.item())
