# expect-status: graded
# expect-score: <10
# expect-message: LinearModel should have the attribute `self.linear
# Names the layer `fc` (the contract fixes `linear`) and returns tensors as losses.
import torch


class LinearModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(1, 1)

    def forward(self, x):
        return self.fc(x)


def train(model, x, y, lr=0.01, epochs=100):
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        loss = criterion(model(x), y)
        losses.append(loss)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses
