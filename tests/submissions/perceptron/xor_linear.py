# expect-status: graded
# expect-score: <10
# expect-message: wrong for
# A correct perceptron, but xor_model trains a single Linear(2, 1): no line separates XOR.
import torch


def perceptron_train(X, y, lr=1.0, epochs=100):
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    b = 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            if y_i * (torch.dot(w, x_i) + b) <= 0:
                w += lr * y_i * x_i
                b += lr * float(y_i)
    return w, b


def xor_model():
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    t = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(500):
        opt.zero_grad()
        loss = torch.nn.BCEWithLogitsLoss()(model(x), t)
        loss.backward()
        opt.step()
    return model
