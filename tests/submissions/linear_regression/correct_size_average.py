# expect-status: graded
# expect-score: =10
# Correct, the course's original script: MSELoss(size_average=False) (the legacy
# spelling of reduction="sum", which warns), Variable, loss.data.item().
import torch
from torch.autograd import Variable


class LinearModel(torch.nn.Module):
    def __init__(self):
        super(LinearModel, self).__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


def train(model, x, y, lr=0.01, epochs=100):
    criterion = torch.nn.MSELoss(size_average=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        y_pred = model(Variable(x))
        loss = criterion(y_pred, Variable(y))
        losses.append(loss.data.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses
