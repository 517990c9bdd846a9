"""The zygote: a warm process that forks one fresh worker per submission.

This module is the grader's side (`Zygote`, the process-wide `shared` one); run as
`__main__` it is the zygote process, whose loop is grader.engine.zygote_process
(forking each worker through grader.engine.worker_fork).

Importing torch costs about a second; forking a process that already did costs
milliseconds. The zygote is a fresh interpreter (`python -m grader.engine.zygote`,
never forked from the grader, so it holds no answers) that imports `grader.engine.worker_side.warmup` (torch and numpy, one thread, a
representative job run once, CUDA never touched) and then forks a worker each time the
grader asks.

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
import socket
import subprocess
import sys
import threading

from grader.package import PACKAGE_DIR
from grader.engine import sandbox
from grader.engine.worker_side import linux
from grader.engine import zygote_process

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
        # This grading process too: see grader.engine.worker_side.linux.
        zygote_process.quietly(linux.set_dumpable, False)
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


if __name__ == "__main__":
    zygote_process.main(sys.argv)
