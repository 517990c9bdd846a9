import torch
import d2l_helpers_that_do_not_exist

def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    pass
