# expect-status: graded
# expect-score: <10
# expect-misconceptions: linear_regression.loss_after_step
# expect-message: train: losses[0] differs
# Evaluates the loss again after the step and records that one.
import torch


class LinearModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


def train(model, x, y, lr=0.01, epochs=100):
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(criterion(model(x), y).item())
    return losses
