"""Forking one worker in the zygote process (grader.engine.zygote_process).

In bubblewrap mode each worker gets a PID namespace of its own: the forked child is
the namespace's init (pid 1), gives it a /proc of its own and forks the worker (pid 2),
then passes the worker's exit status back on a pipe; when the init ends, the kernel
kills everything left in the namespace. Otherwise the forked child is the worker.
"""

from __future__ import annotations

import os
import secrets
import signal
import struct
import sys
import traceback
from dataclasses import dataclass

from grader.engine import sandbox
from grader.engine.worker_side import linux


@dataclass
class Forked:
    """What the zygote keeps about one worker it forked."""

    home: str
    status_read: int | None  # bubblewrap: the namespace init writes the worker's status here


def namespaces_for_workers() -> int | None:
    """This process's PID namespace (to return to after each fork) if a child can get
    PID and mount namespaces of its own and mount a /proc there; else None, warned."""
    own = os.open("/proc/self/ns/pid", os.O_RDONLY)
    try:
        linux.unshare(linux.CLONE_NEWPID)
        try:
            pid = os.fork()
            if pid == 0:
                _private_proc_or_exit()
                os._exit(0)
        finally:
            linux.setns(own, linux.CLONE_NEWPID)
        if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0:
            return own
    except OSError as error:
        print(f"torchgrade zygote: {error}", file=sys.stderr)
    print("torchgrade zygote: workers get no PID namespace of their own here",
          file=sys.stderr)
    os.close(own)
    return None


def _private_proc_or_exit() -> None:
    """In a child: a mount namespace of its own with a /proc of its PID namespace."""
    try:
        linux.unshare(linux.CLONE_NEWNS)
        linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
        linux.mount("proc", "/proc", "proc", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC)
    except BaseException:
        os._exit(1)


def fork_worker(control, fds, uid, own_pid_namespace, forked, worker,
                 alarm: int) -> tuple[int, Forked]:
    """Fork one worker. In bubblewrap the child is the init of a new PID namespace,
    which forks the worker itself (see `_run_namespace_init`); else it is the worker."""
    home = sandbox.worker_dir(secrets.token_hex(8))
    status_read, status_write = os.pipe() if own_pid_namespace is not None else (None, None)
    zygote_pid = os.getpid()
    if own_pid_namespace is not None:
        linux.unshare(linux.CLONE_NEWPID)  # for the next child only: setns undoes it
    try:
        pid = os.fork()
        if pid == 0:
            control.close()
            _forget_child_end_alarm(alarm)
            for other in forked.values():
                if other.status_read is not None:
                    os.close(other.status_read)
            identity = {"uid": uid, "home": home}
            if status_write is None:
                _run_worker(worker, fds, {**identity, "parent": zygote_pid})
            _run_namespace_init(worker, fds, identity, zygote_pid, status_read, status_write)
    finally:
        if own_pid_namespace is not None:
            linux.setns(own_pid_namespace, linux.CLONE_NEWPID)
    if status_write is not None:
        os.close(status_write)
    return pid, Forked(home, status_read)


def _forget_child_end_alarm(read_end: int) -> None:
    """In a forked child: the zygote's signal handling is not the worker's."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.close(signal.set_wakeup_fd(-1))
    os.close(read_end)


def _run_worker(worker, fds: list[int], identity: dict) -> None:
    try:
        worker.main(fds[0], fds[1], identity)
    except BaseException:  # a worker that fails to start says why on its output
        traceback.print_exc()
    finally:
        os._exit(70)


def _run_namespace_init(worker, fds, identity, zygote_pid, status_read, status_write) -> None:
    """Pid 1 of the worker's namespace: it gives the worker a /proc of its own, forks it
    (pid 2: student code must not be an init, which ignores its own signals), waits for
    it and passes its exit status on. When it ends, the kernel kills every process left
    in the namespace, so nothing a submission started outlives its worker."""
    try:
        os.close(status_read)
        os.setsid()
        linux.die_with_parent(zygote_pid, _parent_in_host_proc)
        _private_proc_or_exit()
        pid = os.fork()
        if pid == 0:
            os.close(status_write)
            _run_worker(worker, fds, {**identity, "parent": 1})
        for descriptor in fds:
            os.close(descriptor)
        code = _wait_for(pid)
        os.write(status_write, struct.pack("=i", code))
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(70)


def _parent_in_host_proc() -> int:
    """The parent's pid as the zygote sees it (getppid() says 0 in a new namespace)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("PPid:"))


def _wait_for(pid: int) -> int:
    """Reap children (as an init must) until `pid` ends; return its exit code."""
    while True:
        ended, status = os.waitpid(-1, 0)
        if ended == pid:
            return os.waitstatus_to_exitcode(status)
