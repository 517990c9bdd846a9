# A student's correct softplus for the sample course, written with logaddexp.
import torch


def softplus(x, beta=1.0):
    return torch.logaddexp(torch.zeros_like(x), beta * x) / beta
