# expect-status: graded
# expect-score: =10
# Index loop with tensors, b kept as a tensor until the end; a 2-4-1 sigmoid net with SGD.
import torch
import torch.nn as nn


def perceptron_train(X, y, lr=1.0, epochs=100):
    n, d = X.shape
    w = torch.zeros(d, dtype=torch.float64)
    b = torch.tensor(0.0, dtype=torch.float64)
    for epoch in range(epochs):
        for i in range(n):
            if y[i] * (X[i] @ w + b) <= 0:
                w = w + lr * y[i] * X[i]
                b = b + lr * y[i]
    return w, b.item()


class XorNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 4)
        self.out = nn.Linear(4, 1)

    def forward(self, x):
        return self.out(torch.sigmoid(self.hidden(x)))


def xor_model():
    torch.manual_seed(42)
    model = XorNet()
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    t = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=2.0)
    for step in range(3000):
        optimizer.zero_grad()
        loss = loss_fn(model(x), t)
        loss.backward()
        optimizer.step()
    return model


if __name__ == "__main__":
    X = torch.tensor([[2.0, 1.0], [1.0, 3.0], [-1.0, -2.0], [-2.0, 0.5]], dtype=torch.float64)
    y = torch.tensor([1.0, 1.0, -1.0, -1.0], dtype=torch.float64)
    print(perceptron_train(X, y))
    print(xor_model()(torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])))
