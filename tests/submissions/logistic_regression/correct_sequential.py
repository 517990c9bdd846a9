# expect-status: graded
# expect-score: =10
# nn.Sequential, the functional BCE, zero_grad at the top of the loop, float() of the loss.
import torch
import torch.nn as nn
import torch.nn.functional as F


class BinaryClassifier(nn.Module):
    def __init__(self, in_features: int = 8):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_features, 6), nn.Sigmoid(),
            nn.Linear(6, 4), nn.Sigmoid(),
            nn.Linear(4, 1), nn.Sigmoid(),
        )

    def forward(self, x):
        return self.net(x)


def train(model, x, y, lr=0.1, epochs=100):
    opt = torch.optim.SGD(model.parameters(), lr)
    history = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = F.binary_cross_entropy(model(x), y)
        loss.backward()
        history.append(float(loss))
        opt.step()
    return history


if __name__ == "__main__":
    xs = torch.randn(64, 8)
    ys = (xs.sum(dim=1, keepdim=True) > 0).float()
    print(train(BinaryClassifier(), xs, ys, lr=1.0, epochs=200)[-1])
