# expect-status: graded
# expect-score: <10
# expect-misconceptions: logistic_regression.loss_after_step
# The loss evaluated again after the step, written with nn.Sequential.
import torch


class BinaryClassifier(torch.nn.Module):
    def __init__(self, in_features=8):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Linear(in_features, 6), torch.nn.Sigmoid(),
            torch.nn.Linear(6, 4), torch.nn.Sigmoid(),
            torch.nn.Linear(4, 1), torch.nn.Sigmoid())

    def forward(self, x):
        return self.net(x)


def train(model, x, y, lr=0.1, epochs=100):
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
        losses.append(criterion(model(x), y).item())
    return losses
