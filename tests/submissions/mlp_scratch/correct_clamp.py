# expect-status: graded
# expect-score: =10
# Correct: clamp, requires_grad passed at creation for the biases, view-free flatten.
import torch


def init_params(num_in, num_hidden, num_out, generator=None):
    W1 = (torch.randn(num_in, num_hidden, generator=generator) * 0.01).requires_grad_()
    b1 = torch.zeros(num_hidden, requires_grad=True)
    W2 = (torch.randn(num_hidden, num_out, generator=generator) * 0.01).requires_grad_()
    b2 = torch.zeros(num_out, requires_grad=True)
    return [W1, b1, W2, b2]


def relu(X):
    return torch.clamp(X, min=0)


def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    H = relu(X @ W1 + b1)
    return H @ W2 + b2


if __name__ == "__main__":
    params = init_params(784, 256, 10)
    print(net(torch.rand(2, 1, 28, 28), params).shape)
