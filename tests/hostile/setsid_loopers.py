# Busy loops out of the worker's reach: at import it forks a child that leaves the
# session (setsid) and forks again; both loop at 100 % and stay alive, so when the
# worker is killed they are orphans. Every loop (and the rule) is named tg-MARK.
import ctypes
import os

NAME = b"tg-MARK"  # a test replaces MARK with its own marker


def _loop():
    ctypes.CDLL(None).prctl(15, NAME, 0, 0, 0)  # PR_SET_NAME
    while True:
        pass


if os.fork() == 0:
    os.setsid()
    os.fork()
    _loop()


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    _loop()
