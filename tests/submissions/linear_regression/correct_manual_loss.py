# expect-status: graded
# expect-score: =10
# Sum of squares written by hand, zero_grad at the top of the loop, no linear bias trick.
import torch
import torch.nn as nn


class LinearModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(in_features=1, out_features=1)

    def forward(self, x):
        return self.linear(x)


def train(model, x, y, lr=0.01, epochs=100):
    opt = torch.optim.SGD(model.parameters(), lr)
    history = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = ((y - model(x)) ** 2).sum()
        history.append(float(loss))
        loss.backward()
        opt.step()
    return history


if __name__ == "__main__":
    m = LinearModel()
    print(train(m, torch.tensor([[1.0], [2.0]]), torch.tensor([[2.0], [4.0]]))[-1])
