# Tries to outlive a grader that is killed mid-grading: a setsid'd daemon, and the
# worker itself dropping root (setuid clears the parent-death signal) then sleeping.
import ctypes
import os
import time

libc = ctypes.CDLL(None)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        libc.prctl(15, b"tg-outliver", 0, 0, 0)  # PR_SET_NAME
        time.sleep(600)
    os._exit(0)
os.wait()
libc.prctl(15, b"tg-outliver", 0, 0, 0)
time.sleep(600)
