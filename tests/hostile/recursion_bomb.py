# Unbounded recursion in the rule, with the recursion limit raised so that it can
# overflow the C stack instead of stopping with RecursionError.
import sys

sys.setrecursionlimit(10**7)


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    return rmsprop_step(param, grad, square_avg, lr, alpha, eps)
