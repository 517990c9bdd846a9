"""The zygote: a warm process that forks one fresh worker per submission.

Importing torch costs about a second; forking a process that already did costs
milliseconds. The zygote is a fresh interpreter (`python -m grader.engine.zygote`, never forked
from the grader, so it holds no answers) that imports `grader.engine.worker_side.warmup` (torch and numpy,
one thread, a representative job run once, CUDA never touched) and then forks a worker
each time the grader asks.

Protocol on the control socket: the grader sends `{"uid": uid or null}` with two file
descriptors (the worker's end of its channel, the write end of its output pipe); the
zygote answers one JSON line `{"forked": pid}`, and later `{"exited": pid, "status":
code}` once the worker and everything it started are gone and its folder removed
(negative code: killed by that signal). The job itself goes from the grader to the
worker directly; answers come back through `grader.wire.channel`, never via pickle.

Containment: the zygote is exec'd with a minimal explicit environment, is
non-dumpable, and is the subreaper of its workers. In bubblewrap each worker is pid 2
of a PID namespace of its own, under an init (pid 1) that the grader kills to end the
whole namespace; in `rlimits` mode the zygote kills every orphan re-parented to it.
It has a session of its own (no signal meant for the grader's group reaches it) and
ends with its grader: when the grader hangs up or dies (`rlimits`: a SIGTERM
parent-death signal; bubblewrap: bwrap's --die-with-parent), every worker and all
they started end first. Each worker dies with its parent (the zygote, or its
namespace's init) by its own parent-death signal.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import secrets
import struct
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from grader import PACKAGE_DIR
from grader.engine import cleanup, sandbox
from grader.engine.worker_side import linux

# What the zygote inherits from the grader's environment, by name: nothing else (a
# submission can read its zygote's environment back from /proc/self/environ).
# Not even TORCHGRADE_DATA or TORCHGRADE_COURSE: only trusted code reads them.
KEPT_VARIABLES = ("LANG", "LC_ALL", "TZ", "CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER",
                  "TORCHGRADE_SANDBOX")


class ZygoteError(Exception):
    """The zygote could not be started or stopped answering."""


class Zygote:
    """The grader's handle on one zygote process (thread-safe).

    `warm` is the warm-up level (`grader.engine.worker_side.warmup.LEVELS`): what is imported and run once
    before the first fork.
    """

    def __init__(self, warm: str = "full"):
        self.warm = warm
        self.sandbox = sandbox.mode()
        self.hidden = sandbox.hidden_paths()  # the view it starts with (see shared)
        _quietly(linux.set_dumpable, False)  # this grading process: see grader.engine.worker_side.linux
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        # Its parent: this process, or bwrap (--die-with-parent) whose pid we learn too late.
        parent = os.getpid() if self.sandbox != sandbox.BUBBLEWRAP else 0
        command = [sys.executable, "-m", "grader.engine.zygote", str(theirs.fileno()), warm,
                   self.sandbox, str(parent)]
        if self.sandbox == sandbox.BUBBLEWRAP:
            command = sandbox.wrap(command)
        # A session of its own: a signal to this process's group (Ctrl-C in a terminal,
        # the batch's kill of a grading process) must not kill it before it has ended
        # its workers; it ends when this process hangs up or dies (see _serve_forever).
        self.process = subprocess.Popen(command, pass_fds=[theirs.fileno()],
                                        env=zygote_environment(), stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        theirs.close()
        self._socket = ours
        self._lock = threading.Lock()
        self._events = threading.Condition()
        self._forked: list[int] = []
        self._exits: dict[int, int] = {}
        self._alive = True
        threading.Thread(target=self._read_events, daemon=True).start()

    @property
    def alive(self) -> bool:
        """False once the zygote has ended (its workers and what they started with it)."""
        return self._alive and self.process.poll() is None

    def fork(self, worker_end: int, output_end: int, uid: int | None = None,
             timeout_s: float = 120.0) -> int:
        """Ask for a worker holding the two descriptors, running as `uid` (None: as the
        zygote, see grader.engine.worker_side.worker); return its pid."""
        request = json.dumps({"uid": uid}).encode()
        with self._lock:
            try:
                socket.send_fds(self._socket, [request], [worker_end, output_end])
            except OSError as error:
                raise ZygoteError(f"the zygote is gone ({error})") from error
            with self._events:
                if not self._events.wait_for(lambda: self._forked or not self._alive, timeout_s):
                    raise ZygoteError("the zygote did not fork a worker in time")
                if not self._forked:
                    raise ZygoteError("the zygote exited; see the messages above")
                return self._forked.pop(0)

    def exit_status(self, pid: int, timeout_s: float = 2.0) -> int | None:
        """The exit status of worker `pid` once it has ended (None if not within timeout)."""
        with self._events:
            self._events.wait_for(lambda: pid in self._exits or not self._alive, timeout_s)
            return self._exits.pop(pid, None)

    def close(self) -> None:
        self._socket.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def _read_events(self) -> None:
        stream = self._socket.makefile("rb")
        try:
            for line in stream:
                event = json.loads(line)
                with self._events:
                    if "forked" in event:
                        self._forked.append(event["forked"])
                    else:
                        self._exits[event["exited"]] = event["status"]
                    self._events.notify_all()
        except OSError:
            pass  # the zygote died (its end was reset): same as end of stream
        finally:
            with self._events:
                self._alive = False
                self._events.notify_all()


def zygote_environment() -> dict[str, str]:
    """The zygote's whole environment, explicit and minimal: no secret of the shell
    that runs the grader can reach a worker."""
    package_root = str(PACKAGE_DIR.parent)
    environment = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONPATH": package_root,
                   "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1",
                   "LANG": "C.UTF-8"}
    environment.update({name: os.environ[name] for name in KEPT_VARIABLES
                        if name in os.environ})
    return environment


_shared: Zygote | None = None
_shared_lock = threading.Lock()


def shared(warm: str = "light") -> Zygote:
    """The process-wide zygote, started on first use (and restarted if it died, or if
    what the sandbox must hide changed since it started).

    A zygote warmed to `full` also serves `light` requests; a `light` one is replaced
    by a `full` one when an exercise asks for it.
    """
    global _shared
    with _shared_lock:
        if (_shared is None or not _shared.alive  # never started, or died
                or _shared.hidden != sandbox.hidden_paths()  # e.g. a new $TORCHGRADE_DATA
                or (warm == "full" and _shared.warm == "light")):
            if _shared is not None:
                _shared.close()
            _shared = Zygote(warm)
        return _shared


# ---- the zygote process itself -------------------------------------------------------

@dataclass
class _Forked:
    """What the zygote keeps about one worker it forked."""

    home: str
    status_read: int | None  # bubblewrap: the namespace init writes the worker's status here


def _serve_forever(control: socket.socket, warm: str, mode: str, parent: int) -> None:
    """Fork workers until the grader hangs up, dies (SIGTERM: see `_end_with`) or this
    loop fails; then end every worker and all they started before exiting."""
    from grader.engine.worker_side import warmup, worker

    if parent:
        _quietly(linux.die_with_parent, parent, os.getppid, signal.SIGTERM)
    _quietly(linux.set_dumpable, False)  # no worker may open this process's /proc files
    getattr(warmup, warm)()  # the whole point: import and initialise once, fork many times
    _quietly(linux.become_subreaper)
    own_pid_namespace = _namespaces_for_workers() if mode == sandbox.BUBBLEWRAP else None
    forked: dict[int, _Forked] = {}
    try:
        _fork_on_request(control, own_pid_namespace, forked, worker)
    finally:
        _end_all(forked)
        for child in forked.values():
            _quietly(cleanup.remove_tree, child.home)


def _fork_on_request(control: socket.socket, own_pid_namespace: int | None,
                     forked: dict[int, _Forked], worker) -> None:
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
        pid, child = _fork_worker(control, fds, request.get("uid"), own_pid_namespace,
                                  forked, worker, ended)
        for descriptor in fds:
            os.close(descriptor)
        forked[pid] = child
        control.sendall(json.dumps({"forked": pid}).encode() + b"\n")


def _namespaces_for_workers() -> int | None:
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


def _fork_worker(control, fds, uid, own_pid_namespace, forked, worker,
                 alarm: int) -> tuple[int, _Forked]:
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
    return pid, _Forked(home, status_read)


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


def _report_exits(control: socket.socket, forked: dict[int, _Forked]) -> None:
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
            _quietly(cleanup.remove_tree, child.home)  # before: the grader may end us then
            control.sendall(json.dumps({"exited": pid, "status": code}).encode() + b"\n")


def _exit_code(status: int, child: _Forked) -> int:
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


def _kill_adopted(forked: dict[int, _Forked]) -> None:
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


def _end_all(forked: dict[int, _Forked], rounds: int = 500) -> None:
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


def _quietly(action, *arguments) -> None:
    """Best effort: what fails here must never end the zygote (and every grading)."""
    try:
        action(*arguments)
    except Exception as error:  # noqa: BLE001  (reported, never fatal)
        print(f"torchgrade zygote: {getattr(action, '__name__', action)} failed: {error}",
              file=sys.stderr)


if __name__ == "__main__":
    _serve_forever(socket.socket(fileno=int(sys.argv[1])), sys.argv[2], sys.argv[3],
                   int(sys.argv[4]))
