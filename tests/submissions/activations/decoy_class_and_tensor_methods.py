# expect-status: graded
# expect-score: <10
# expect-message: your code uses torch.Tensor.sigmoid (`x.sigmoid()`) in `sigmoid` (line 26), which this exercise forbids
# Tensor methods, with a decoy class that defines methods of the same names and the
# worker's watch lists emptied at import: only the file's own objects may use those names.
import torch

try:
    import grader.engine.worker_side.tripwires as watch
    for name in list(watch.GROUPS):
        watch.GROUPS[name] = ()
    watch.PACKAGES.clear()
except ImportError:
    pass


class _Decoy:
    def sigmoid(self):
        return None

    def tanh(self):
        return None


def sigmoid(x):
    return x.sigmoid()


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    return x.tanh()


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu(x):
    return torch.clamp(x, min=0)


def relu_grad(x):
    return (x > 0).to(x.dtype)


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
