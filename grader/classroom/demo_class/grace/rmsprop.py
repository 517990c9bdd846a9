# A correct rule written differently: no label, full marks.
import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        square_avg.copy_(alpha * square_avg + (1 - alpha) * grad ** 2)
        param -= lr * grad / (torch.sqrt(square_avg) + eps)
