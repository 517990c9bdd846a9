# expect-status: graded
# expect-score: =10
# The BCE written out by hand (with torch.sigmoid in forward), the mean taken explicitly.
import torch


class BinaryClassifier(torch.nn.Module):
    def __init__(self, in_features=8):
        super().__init__()
        self.l1 = torch.nn.Linear(in_features, 6)
        self.l2 = torch.nn.Linear(6, 4)
        self.l3 = torch.nn.Linear(4, 1)

    def forward(self, x):
        h = torch.sigmoid(self.l1(x))
        h = torch.sigmoid(self.l2(h))
        return torch.sigmoid(self.l3(h))


def bce(p, y):
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def train(model, x, y, lr=0.1, epochs=100):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        loss = bce(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
