# The rule never returns: a busy loop at 100 % of a core, named tg-MARK (in
# /proc/PID/comm; a test replaces MARK with its own marker) so a test can find it.
import ctypes


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    ctypes.CDLL(None).prctl(15, b"tg-MARK", 0, 0, 0)  # PR_SET_NAME
    while True:
        pass
