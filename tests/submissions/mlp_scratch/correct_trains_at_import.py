# expect-status: graded
# expect-score: =10
# Correct, with the course notebook's training run at the top level (torch.optim.SGD
# on the scratch parameters, F.cross_entropy): demo code at import must not cost points.
import torch
from torch import nn


def init_params(num_in, num_hidden, num_out, generator=None):
    W1 = nn.Parameter(torch.randn(num_in, num_hidden, generator=generator) * 0.01)
    b1 = nn.Parameter(torch.zeros(num_hidden))
    W2 = nn.Parameter(torch.randn(num_hidden, num_out, generator=generator) * 0.01)
    b2 = nn.Parameter(torch.zeros(num_out))
    return [W1, b1, W2, b2]


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    H = relu(X @ W1 + b1)
    return H @ W2 + b2


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
