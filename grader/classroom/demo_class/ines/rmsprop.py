import torch

def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8)
    square_avg.mul_(alpha)
