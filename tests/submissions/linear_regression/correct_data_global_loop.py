# expect-status: graded
# expect-score: =10
# Correct, another style: the loss summed by hand, the optimizer built from the
# model's parameters, a global data set and a training run at import, losses
# collected with a list comprehension-free loop over `range(epochs)`.
import torch
from torch import nn

x_data = torch.tensor([[1.0], [2.0], [3.0]])
y_data = torch.tensor([[2.0], [4.0], [6.0]])


class LinearModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


def train(model, x, y, lr=0.01, epochs=100):
    optimizer = torch.optim.SGD(model.parameters(), lr)
    losses = []
    for _ in range(epochs):
        loss = ((model(x) - y) ** 2).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    return losses


model = LinearModel()
train(model, x_data, y_data, epochs=200)
print(model.linear.weight.item(), model.linear.bias.item())
