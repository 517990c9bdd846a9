"""The zygote process: a warm interpreter that forks one fresh worker per submission.

The zygote process's own code (`python -m grader.engine.zygote` runs `main`; that
module describes the protocol and containment): its loop forks a worker per request
(grader.engine.worker_fork), reports each exit once all the worker started is gone,
and ends every worker when its grader goes.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import struct
import sys
import time

from grader.engine import cleanup, sandbox
from grader.engine.worker_fork import Forked, fork_worker, namespaces_for_workers
from grader.engine.worker_side import linux


def _serve_forever(control: socket.socket, warm: str, mode: str, parent: int) -> None:
    """Fork workers until the grader hangs up, dies (SIGTERM: see `_end_with`) or this
    loop fails; then end every worker and all they started before exiting."""
    from grader.engine.worker_side import warmup, worker

    if parent:
        quietly(linux.die_with_parent, parent, os.getppid, signal.SIGTERM)
    quietly(linux.set_dumpable, False)  # no worker may open this process's /proc files
    getattr(warmup, warm)()  # the whole point: import and initialise once, fork many times
    quietly(linux.become_subreaper)
    own_pid_namespace = namespaces_for_workers() if mode == sandbox.BUBBLEWRAP else None
    forked: dict[int, Forked] = {}
    try:
        _fork_on_request(control, own_pid_namespace, forked, worker)
    finally:
        _end_all(forked)
        for child in forked.values():
            quietly(cleanup.remove_tree, child.home)


def _fork_on_request(control: socket.socket, own_pid_namespace: int | None,
                     forked: dict[int, Forked], worker) -> None:
    """The zygote's loop: a worker per request, each exit reported, until hung up."""
    ended = _child_end_alarm()
    terminated = _end_with(signal.SIGTERM)
    watched: list[socket.socket | int] = [control, ended]
    while not terminated:
        readable, _, _ = select.select(watched, [], [], 0.02)
        if ended in readable:
            os.read(ended, 4096)
        if terminated:
            return
        _report_exits(control, forked)
        if control not in readable:
            continue
        message, fds, _, _ = socket.recv_fds(control, 1024, 2)
        if not message:
            return
        request = json.loads(message)
        pid, child = fork_worker(control, fds, request.get("uid"), own_pid_namespace,
                                  forked, worker, ended)
        for descriptor in fds:
            os.close(descriptor)
        forked[pid] = child
        control.sendall(json.dumps({"forked": pid}).encode() + b"\n")


def _end_with(signal_number: int) -> list[int]:
    """A list that gets the signal's number when it arrives (it also wakes the select,
    through the wakeup descriptor): how the zygote learns that its grader died."""
    received: list[int] = []
    signal.signal(signal_number, lambda number, _: received.append(number))
    return received


def _child_end_alarm() -> int:
    """A descriptor that turns readable when a child ends (SIGCHLD), so that a worker's
    exit is reported at once rather than at the next poll."""
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    return read_end


def _report_exits(control: socket.socket, forked: dict[int, Forked]) -> None:
    """Reap every ended child; once all a worker started is gone too (adopted orphans,
    a student's escaped processes in `rlimits` mode, are killed) and its folder removed,
    report its exit."""
    while True:
        _kill_adopted(forked)
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        child = forked.pop(pid, None)
        if child is not None:
            code = _exit_code(status, child)
            _kill_adopted(forked)
            quietly(cleanup.remove_tree, child.home)  # before: the grader may end us then
            control.sendall(json.dumps({"exited": pid, "status": code}).encode() + b"\n")


def _exit_code(status: int, child: Forked) -> int:
    """The worker's exit code: from its namespace init if it passed one on, else the
    child's own (the init itself was killed, e.g. by the grader)."""
    if child.status_read is None:
        return os.waitstatus_to_exitcode(status)
    try:
        passed = os.read(child.status_read, 4)
    finally:
        os.close(child.status_read)
    if len(passed) == 4:
        return struct.unpack("=i", passed)[0]
    return os.waitstatus_to_exitcode(status)


def _kill_adopted(forked: dict[int, Forked]) -> None:
    """SIGKILL every child of this process that is not a worker it forked: orphans of a
    worker's processes (this process is their subreaper) must not outlive it."""
    for pid in _children() - forked.keys():
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _children() -> set[int]:
    found: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as listing:
                found.update(map(int, listing.read().split()))
        except OSError:
            pass  # that thread just ended
    return found


def _end_all(forked: dict[int, Forked], rounds: int = 500) -> None:
    """The grader hung up: end every worker and everything they started (the orphans
    of a killed worker come back here, and are killed in turn) before this ends."""
    for _ in range(rounds):
        if not _children():
            return
        _kill_adopted({})
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            return
        time.sleep(0.01)


def quietly(action, *arguments) -> None:
    """Best effort: what fails here must never end the zygote (and every grading)."""
    try:
        action(*arguments)
    except Exception as error:  # noqa: BLE001  (reported, never fatal)
        print(f"torchgrade zygote: {getattr(action, '__name__', action)} failed: {error}",
              file=sys.stderr)


def main(argv: list[str]) -> None:
    """The zygote process's entry (`python -m grader.engine.zygote FD WARM MODE PARENT`):
    serve on the control socket `FD` until the grader goes."""
    _serve_forever(socket.socket(fileno=int(argv[1])), argv[2], argv[3], int(argv[4]))
