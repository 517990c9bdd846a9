# expect-status: graded
# expect-score: <10
# expect-misconceptions: perceptron.strict_inequality
# Updates only when y * (w.x + b) < 0: from w = 0, b = 0 nothing ever changes.
import torch


def perceptron_train(X, y, lr=1.0, epochs=100):
    w = torch.zeros(X.shape[1], dtype=torch.float64)
    b = 0.0
    for _ in range(epochs):
        for i in range(len(X)):
            if y[i] * (torch.dot(w, X[i]) + b) < 0:
                w = w + lr * y[i] * X[i]
                b = b + lr * y[i].item()
    return w, float(b)


def xor_model():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    t = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    for _ in range(300):
        opt.zero_grad()
        loss = torch.nn.BCEWithLogitsLoss()(model(x), t)
        loss.backward()
        opt.step()
    return model
