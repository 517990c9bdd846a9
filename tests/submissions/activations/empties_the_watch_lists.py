# expect-status: graded
# expect-score: <10
# expect-message: your code uses torch.sigmoid in `sigmoid` (line 18)
# Empties the grader's worker-side watch lists at import, then calls torch.sigmoid:
# only a verdict reached outside the student's process can see through this.
import torch

try:
    import grader.engine.worker_side.tripwires as watch
    for name in list(watch.GROUPS):
        watch.GROUPS[name] = ()
    watch.PACKAGES.clear()
except ImportError:
    pass


def sigmoid(x):
    return torch.sigmoid(x)


def tanh(x):
    return torch.tanh(x)


def relu(x):
    return torch.relu(x)


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu_grad(x):
    return (x > 0).to(x.dtype)


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)

