# expect-status: graded
# expect-score: <10
# expect-message: are these probabilities?
# xor_model's network ends in a Sigmoid: it returns probabilities, all > 0, not logits.
import torch


def perceptron_train(X, y, lr=1.0, epochs=100):
    w = torch.zeros(X.shape[1], dtype=torch.float64)
    b = 0.0
    for _ in range(epochs):
        changed = False
        for i in range(X.shape[0]):
            if float(y[i]) * (float(w @ X[i]) + b) <= 0:
                w = w + lr * float(y[i]) * X[i]
                b = b + lr * float(y[i])
                changed = True
        if not changed:
            break
    return w, b


def xor_model():
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1),
                                torch.nn.Sigmoid())
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    t = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    for _ in range(300):
        opt.zero_grad()
        loss = torch.nn.BCELoss()(model(x), t)
        loss.backward()
        opt.step()
    return model
