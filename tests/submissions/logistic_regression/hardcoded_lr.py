# expect-status: graded
# expect-score: <10
# expect-message: held-out accuracy 0.629
# Ignores the lr argument (SGD with lr=0.01 always): with the grader's lr=1.0 the model
# never leaves "always the larger class" on the held-out rows.
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
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    losses = []
    for epoch in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses
