# expect-status: graded
# expect-score: <10
# expect-message: is_leaf[0] should be True
# Wrong: requires_grad=True at creation and then `* 0.01`: W1 and W2 are not leaves,
# so an optimizer would never see their gradients.
import torch


def init_params(num_in, num_hidden, num_out, generator=None):
    W1 = torch.randn(num_in, num_hidden, generator=generator, requires_grad=True) * 0.01
    b1 = torch.zeros(num_hidden, requires_grad=True)
    W2 = torch.randn(num_hidden, num_out, generator=generator, requires_grad=True) * 0.01
    b2 = torch.zeros(num_out, requires_grad=True)
    return [W1, b1, W2, b2]


def relu(X):
    return torch.where(X > 0, X, 0.0)


def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape(-1, W1.shape[0])
    return relu(X @ W1 + b1) @ W2 + b2
