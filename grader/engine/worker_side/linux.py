"""The Linux process controls Python's `os` lacks, through libc (ctypes).

Each function raises OSError with the C error when the kernel refuses; on a system
without them (not Linux) `available()` is False and the callers keep their fallback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
from collections.abc import Callable

CLONE_NEWNS = 0x00020000
CLONE_NEWPID = 0x20000000
MS_NOSUID, MS_NODEV, MS_NOEXEC = 2, 4, 8
MS_REC, MS_PRIVATE = 0x4000, 1 << 18
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE = 1, 4
_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 24, 38
_PR_SET_CHILD_SUBREAPER = 36
_CAPABILITY_VERSION_3 = 0x20080522

_libc: ctypes.CDLL | None
try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
except OSError:
    _libc = None


def available() -> bool:
    return _libc is not None and hasattr(_libc, "prctl")


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _c(what: str) -> ctypes.CDLL:
    """The C library, or OSError naming `what` where there is none to call."""
    if _libc is None or not available():
        raise OSError(0, f"{what}: not available on this system")
    return _libc


def _prctl(option: int, value: int, what: str) -> None:
    _check(_c(what).prctl(option, ctypes.c_ulong(value), 0, 0, 0), what)


def set_dumpable(dumpable: bool) -> None:
    """Non-dumpable: /proc/<pid>/{fd,environ,mem,...} of this process become root's and
    are refused to any process without CAP_SYS_PTRACE, even of the same uid."""
    _prctl(_PR_SET_DUMPABLE, int(dumpable), "prctl(PR_SET_DUMPABLE)")


def die_with_parent(expected_parent: int, parent_now: Callable[[], int] = os.getppid,
                    death_signal: int = signal.SIGKILL) -> None:
    """Send this process `death_signal` when its parent ends; if the parent already
    ended (the race between fork and this call), end now. setuid() clears this: call it
    afterwards. The kernel sends it when the parent *thread* that started this process
    ends: start it from a thread that lives as long as its process."""
    _prctl(_PR_SET_PDEATHSIG, death_signal, "prctl(PR_SET_PDEATHSIG)")
    if parent_now() != expected_parent:
        os._exit(70)


def become_subreaper() -> None:
    """Orphans of this process's descendants are re-parented here, not to init."""
    _prctl(_PR_SET_CHILD_SUBREAPER, 1, "prctl(PR_SET_CHILD_SUBREAPER)")


def no_new_privileges() -> None:
    """No exec can ever grant this process or its children more privileges."""
    _prctl(_PR_SET_NO_NEW_PRIVS, 1, "prctl(PR_SET_NO_NEW_PRIVS)")


def drop_capabilities() -> None:
    """Give up every capability for good (bounding, effective, permitted, inheritable):
    a uid 0 process left with none cannot read other processes' /proc entries."""
    libc = _c("capset")
    for capability in range(64):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            break  # past the last capability this kernel knows
    header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    _check(libc.capset(header, data), "capset")


def unshare(flags: int) -> None:
    _check(_c("unshare").unshare(flags), "unshare")


def setns(descriptor: int, flags: int) -> None:
    _check(_c("setns").setns(descriptor, flags), "setns")


def mount(source: str | None, target: str, kind: str | None, flags: int) -> None:
    encode = (lambda text: text.encode() if text is not None else None)
    _check(_c("mount").mount(encode(source), encode(target), encode(kind),
                       ctypes.c_ulong(flags), None), f"mount {target}")
