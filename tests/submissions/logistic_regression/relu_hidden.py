# expect-status: graded
# expect-score: <10
# ReLU after the hidden layers instead of Sigmoid (only the output keeps its sigmoid).
import torch


class BinaryClassifier(torch.nn.Module):
    def __init__(self, in_features=8):
        super().__init__()
        self.linear1 = torch.nn.Linear(in_features, 6)
        self.linear2 = torch.nn.Linear(6, 4)
        self.linear3 = torch.nn.Linear(4, 1)

    def forward(self, x):
        x = torch.relu(self.linear1(x))
        x = torch.relu(self.linear2(x))
        return torch.sigmoid(self.linear3(x))


def train(model, x, y, lr=0.1, epochs=100):
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses
