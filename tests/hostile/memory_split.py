# Splits its memory over four helper processes of 400 MiB each: each one is under a
# per-process cap, together they are far over the worker's limit.
import ctypes
import os
import time

for _ in range(4):
    if os.fork() == 0:
        ctypes.CDLL(None).prctl(15, b"tg-memhog", 0, 0, 0)  # PR_SET_NAME
        block = bytearray(400 * 2**20)
        for offset in range(0, len(block), 4096):
            block[offset] = 1  # touch every page: really resident
        time.sleep(600)
        os._exit(0)
time.sleep(600)


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    param.zero_()
