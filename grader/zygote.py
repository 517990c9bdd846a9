"""The zygote: a warm process that forks one fresh worker per submission.

Importing torch costs about a second; forking a process that already did costs
milliseconds. The zygote is a fresh interpreter (`python -m grader.zygote`, never forked
from the grader, so it holds no answers) that imports `grader.warmup` (torch and numpy,
one thread, a representative job run once, CUDA never touched) and then forks a worker
each time the grader asks.

Protocol on the control socket: the grader sends `b"fork"` with two file descriptors
(the worker's end of its channel, the write end of its output pipe); the zygote answers
one JSON line `{"forked": pid}`, and later `{"exited": pid, "status": code}` when a
worker ends (negative code: killed by that signal). The job itself goes from the grader
to the worker directly; answers come back through `grader.channel`, never via pickle.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import shutil
import threading
from pathlib import Path

from grader import sandbox

FORK_REQUEST = b"fork"


class ZygoteError(Exception):
    """The zygote could not be started or stopped answering."""


class Zygote:
    """The grader's handle on one zygote process (thread-safe).

    `warm` is the warm-up level (`grader.warmup.LEVELS`): what is imported and run once
    before the first fork.
    """

    def __init__(self, warm: str = "full"):
        self.warm = warm
        self.sandbox = sandbox.mode()
        self.hidden = sandbox.hidden_paths()  # the view it starts with (see shared)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        environment = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)
        environment["PYTHONPATH"] = os.pathsep.join(
            [package_root, *filter(None, [environment.get("PYTHONPATH")])])
        command = [sys.executable, "-m", "grader.zygote", str(theirs.fileno()), warm]
        if self.sandbox == sandbox.BUBBLEWRAP:
            command = sandbox.wrap(command)
        self.process = subprocess.Popen(command, pass_fds=[theirs.fileno()], env=environment,
                                        stdin=subprocess.DEVNULL)
        theirs.close()
        self._socket = ours
        self._lock = threading.Lock()
        self._events = threading.Condition()
        self._forked: list[int] = []
        self._exits: dict[int, int] = {}
        self._alive = True
        threading.Thread(target=self._read_events, daemon=True).start()

    def fork(self, worker_end: int, output_end: int, timeout_s: float = 120.0) -> int:
        """Ask for a worker holding the two descriptors; return its pid."""
        with self._lock:
            try:
                socket.send_fds(self._socket, [FORK_REQUEST], [worker_end, output_end])
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
        if (_shared is None or _shared.process.poll() is not None  # never started, or died
                or _shared.hidden != sandbox.hidden_paths()  # e.g. a new $TORCHGRADE_DATA
                or (warm == "full" and _shared.warm == "light")):
            if _shared is not None:
                _shared.close()
            _shared = Zygote(warm)
        return _shared


# ---- the zygote process itself -------------------------------------------------------

def _serve_forever(control: socket.socket, warm: str) -> None:
    from grader import warmup, worker

    getattr(warmup, warm)()  # the whole point: import and initialise once, fork many times
    _become_subreaper()

    children: set[int] = set()
    while True:
        readable, _, _ = select.select([control], [], [], 0.02)
        _report_exits(control, children)
        if not readable:
            continue
        message, fds, _, _ = socket.recv_fds(control, 16, 2)
        if not message:
            return
        pid = os.fork()
        if pid == 0:
            _become_worker(control, fds, worker)
        for descriptor in fds:
            os.close(descriptor)
        children.add(pid)
        control.sendall(json.dumps({"forked": pid}).encode() + b"\n")


def _become_worker(control: socket.socket, fds: list[int], worker) -> None:
    try:
        control.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        worker.main(fds[0], fds[1])
    except BaseException:  # a worker that fails to start says why on its output
        import traceback

        traceback.print_exc()
    finally:
        os._exit(70)


def _become_subreaper() -> None:
    """Adopt the orphans of workers (a student's forked children), so they are reaped
    here instead of lingering as zombies under an init that may not reap them."""
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: orphans go to init as usual


def _report_exits(control: socket.socket, children: set[int]) -> None:
    """Reap every ended child; report the workers' exits (adopted orphans are silent)."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in children:
            children.discard(pid)
            shutil.rmtree(sandbox.worker_dir(pid), ignore_errors=True)
            code = os.waitstatus_to_exitcode(status)
            control.sendall(json.dumps({"exited": pid, "status": code}).encode() + b"\n")


if __name__ == "__main__":
    _serve_forever(socket.socket(fileno=int(sys.argv[1])), sys.argv[2])
