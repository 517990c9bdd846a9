# expect-status: graded
# expect-score: <10
# expect-misconceptions: logistic_regression.zero_grad_missing
# Never zeroes the gradients: each step uses the sum of all past gradients.
import torch


class BinaryClassifier(torch.nn.Module):
    def __init__(self, in_features=8):
        super().__init__()
        self.linear1 = torch.nn.Linear(in_features, 6)
        self.linear2 = torch.nn.Linear(6, 4)
        self.linear3 = torch.nn.Linear(4, 1)
        self.sigmoid = torch.nn.Sigmoid()

    def forward(self, x):
        x = self.sigmoid(self.linear1(x))
        x = self.sigmoid(self.linear2(x))
        return self.sigmoid(self.linear3(x))


def train(model, x, y, lr=0.1, epochs=100):
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses
