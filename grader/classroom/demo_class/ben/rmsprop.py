import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        square_avg.mul_(alpha).add_((1 - alpha) * grad * grad)
        param.sub_(lr * grad / torch.sqrt(square_avg + eps))
