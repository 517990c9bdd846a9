# expect-status: graded
# expect-score: =10
# Correct, in another style: max/clamp, masks multiplied in, softmax with .max(...).values.
import torch


def sigmoid(x):
    # exp only of non-positive numbers
    pos = x >= 0
    ez = torch.exp(-x.abs())
    out = torch.empty_like(x)
    out[pos] = 1 / (1 + ez[pos])
    out[~pos] = ez[~pos] / (1 + ez[~pos])
    return out


def sigmoid_grad(x):
    return sigmoid(x) * sigmoid(-x)


def tanh(x):
    e = torch.exp(-2 * x.abs())
    t = (1 - e) / (1 + e)
    return torch.where(x < 0, -t, t)


def tanh_grad(x):
    return 1 - tanh(x).pow(2)


def relu(x):
    return x.clamp(min=0.0)


def relu_grad(x):
    return (x > 0).type(x.dtype)


def leaky_relu(x, negative_slope=0.01):
    return torch.max(x, torch.zeros_like(x)) + negative_slope * torch.min(x, torch.zeros_like(x))


def leaky_relu_grad(x, negative_slope=0.01):
    mask = (x > 0).to(x.dtype)
    return mask + negative_slope * (1 - mask)


def softmax(x, dim=-1):
    m = x.max(dim=dim, keepdim=True).values
    e = (x - m).exp()
    return e / e.sum(dim=dim, keepdim=True)


if __name__ == "__main__":
    print(sigmoid(torch.tensor([-1000.0, 0.0, 1000.0])))
