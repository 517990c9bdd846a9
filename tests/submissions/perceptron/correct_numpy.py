# expect-status: graded
# expect-score: =10
# NumPy inside, early stop, in-place updates; XOR with a ReLU net, its own Generator, (N,) logits.
import numpy as np
import torch


def perceptron_train(X, y, lr=1.0, epochs=100):
    Xn = X.numpy()
    yn = y.numpy()
    w = np.zeros(Xn.shape[1])
    b = 0.0
    for _ in range(epochs):
        errors = 0
        for xi, yi in zip(Xn, yn):
            if yi * (np.dot(w, xi) + b) <= 0:
                w += lr * yi * xi
                b += lr * yi
                errors += 1
        if errors == 0:
            break
    return torch.from_numpy(w), float(b)


class Xor(torch.nn.Module):
    def __init__(self, generator):
        super().__init__()
        self.w1 = torch.nn.Parameter(torch.randn(2, 16, generator=generator))
        self.b1 = torch.nn.Parameter(torch.zeros(16))
        self.w2 = torch.nn.Parameter(torch.randn(16, generator=generator) * 0.1)
        self.b2 = torch.nn.Parameter(torch.zeros(()))

    def forward(self, x):
        return torch.relu(x @ self.w1 + self.b1) @ self.w2 + self.b2


def xor_model():
    g = torch.Generator().manual_seed(7)
    net = Xor(g)
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    t = torch.tensor([0.0, 1.0, 1.0, 0.0])
    opt = torch.optim.Adam(net.parameters(), lr=0.05)
    for _ in range(500):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x), t)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return net
