# expect-status: graded
# expect-score: =10
# The lecture's layout: three named layers, one shared Sigmoid, BCELoss and SGD.
import torch
import matplotlib.pyplot as plt


class BinaryClassifier(torch.nn.Module):
    def __init__(self, in_features=8):
        super(BinaryClassifier, self).__init__()
        self.linear1 = torch.nn.Linear(in_features, 6)
        self.linear2 = torch.nn.Linear(6, 4)
        self.linear3 = torch.nn.Linear(4, 1)
        self.sigmoid = torch.nn.Sigmoid()

    def forward(self, x):
        x = self.sigmoid(self.linear1(x))
        x = self.sigmoid(self.linear2(x))
        x = self.sigmoid(self.linear3(x))
        return x


def train(model, x, y, lr=0.1, epochs=100):
    criterion = torch.nn.BCELoss(reduction="mean")
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        y_pred = model(x)
        loss = criterion(y_pred, y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


x_data = torch.randn(100, 8)
y_data = (x_data[:, 0:1] > 0).float()
model = BinaryClassifier()
history = train(model, x_data, y_data, lr=1.0, epochs=300)
plt.plot(history)
plt.show()
print("final loss", history[-1])
