"""The local pool: N grading processes on this machine, one job at a time each.

    ServerPool(workers, log_dir, gpus).run(jobs, deliver)    a grader.classroom.pool.Pool

Isolation between students: each grading process is a fresh interpreter
(`python -m grader.classroom.local_pool --serve`) that keeps its own warm zygote and
grades one job at a time through `grader.judge.runner.grade` (student code runs only in
the zygote's workers). A grading process that dies is replaced and the job retried once;
one that overruns its job's limit is killed and the job recorded as a timeout. Either
way no other student's result is touched. Training exercises take a GPU each, one at a
time per GPU.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from grader.package import PACKAGE_DIR
from grader.classroom.jobs import Job, decode_result, failure, grade_request
from grader.classroom.pool import Deliver
from grader.engine.worker_side import linux
from grader.result import Status

SERVE_FLAG = "--serve"
_PACKAGE = PACKAGE_DIR


class _Lost(Exception):
    """The grading process ended without answering."""


class _Overdue(Exception):
    """The grading process did not answer within the job's limit."""


class _Server:
    """One grading process (`python -m grader.classroom.local_pool --serve`): a JSON line
    per job in, a JSON line per result out. It has its own session (a Ctrl-C is the batch's to
    handle), and dies with the thread that started it (see `serve`); its zygote then
    ends its workers and exits (grader.engine.zygote)."""

    def __init__(self, warm: str, log: Path):
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(_PACKAGE.parent), *filter(None, [environment.get("PYTHONPATH")])])
        with open(log, "ab") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "grader.classroom.local_pool", SERVE_FLAG, warm,
                 str(os.getpid())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, bufsize=0,
                env=environment, cwd=log.parent, start_new_session=True)
        self.log = log
        self._pending = b""

    def grade(self, job: Job) -> str:
        """Send `job`; return its result's JSON text. The job carries a fresh random
        token that its answer must start with: any other line (one a worker managed to
        write into the pipe, an answer meant for another job) is skipped."""
        token = secrets.token_hex(16)
        request = json.dumps({"path": str(job.path), "stem": job.stem, "token": token})
        assert self.process.stdin is not None  # Popen(stdin=PIPE)
        try:
            self.process.stdin.write(request.encode() + b"\n")
        except OSError:
            raise _Lost(self._ending()) from None
        deadline = time.monotonic() + job.limit_s
        while True:
            tag, _, text = self._read_line(deadline).partition(b" ")
            if hmac.compare_digest(tag, token.encode()):
                return text.decode("utf-8", "replace")

    def _read_line(self, deadline: float) -> bytes:
        assert self.process.stdout is not None  # Popen(stdout=PIPE)
        descriptor = self.process.stdout.fileno()
        while b"\n" not in self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Overdue()
            ready, _, _ = select.select([descriptor], [], [], min(remaining, 1.0))
            if ready:
                chunk = os.read(descriptor, 1 << 20)
                if not chunk:
                    raise _Lost(self._ending())
                self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line

    def _ending(self) -> str:
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "it stopped answering"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}: {self._last_log_line()}"

    def _last_log_line(self) -> str:
        try:
            with open(self.log, "rb") as handle:
                handle.seek(max(0, os.fstat(handle.fileno()).st_size - 400))
                lines = handle.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1][-200:] if lines else "no log"

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()

    def close(self) -> None:
        """End it when idle: nothing is lost, and waiting for the zygote and torch to
        tear down gracefully would cost seconds at the end of every batch."""
        assert self.process.stdin is not None  # Popen(stdin=PIPE)
        try:
            self.process.stdin.close()
        except OSError:
            pass
        self.kill()


class ServerPool:
    """N threads, each driving one grading process; training jobs hold a GPU each.

    `run(jobs, deliver)` calls `deliver(job, result)` (serialised) for every job that
    finished, and returns when all are done; `stop()` (Ctrl-C) kills the processes and
    delivers nothing more.
    """

    def __init__(self, workers: int, log_dir: Path, gpus: int = 0):
        if linux.available():  # it holds every grading process's pipes: see linux
            linux.set_dumpable(False)
        self.workers = workers
        self.log_dir = log_dir
        self._gpus_free = gpus
        self._gpus = gpus
        self._queue: list[Job] = []
        self._ready = threading.Condition()
        self._deliver_lock = threading.Lock()
        self._servers: set[_Server] = set()
        self._stopped = threading.Event()
        self._error: BaseException | None = None
        # A batch's zygotes are warmed fully (torch.optim used once): the 1.2 CPU-s it
        # costs per grading process are won back on the first submission that uses an
        # optimizer, even for a rule exercise (a student's demo: ~2 s each from `light`).
        self._warm = "full"

    def run(self, jobs: list[Job], deliver: Deliver) -> None:
        # the longest first, so a slow training job does not finish the batch alone
        self._queue = sorted(jobs, key=lambda job: -job.limit_s)
        threads = [threading.Thread(target=self._slot, args=(index, deliver), daemon=True)
                   for index in range(min(self.workers, len(jobs)))]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.2)
        except BaseException:
            self.stop()
            with self._deliver_lock:  # let a result being journaled finish its line
                pass
            raise
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        self._stopped.set()
        with self._ready:
            servers = list(self._servers)
            self._ready.notify_all()
        for server in servers:
            server.kill()

    def _slot(self, index: int, deliver) -> None:
        server = None
        try:
            while (job := self._take()) is not None:
                try:
                    result, server = self._grade(job, server, index)
                finally:
                    self._release(job)
                with self._deliver_lock:
                    if self._stopped.is_set():
                        return
                    deliver(job, result)
        except BaseException as error:  # e.g. the journal cannot be written: stop all
            self._error = error
            self.stop()
        finally:
            if server is not None:
                server.close()
                self._forget(server)

    def _grade(self, job: Job, server: _Server | None, index: int):
        reason = ""
        for _ in range(2):  # a grading process that dies gets one retry on a fresh one
            if self._stopped.is_set():
                break
            server = server or self._start(index)
            try:
                return decode_result(job, server.grade(job)), server
            except _Overdue:
                result = failure(job, Status.TIMEOUT, f"grading did not finish within "
                                 f"{job.limit_s:g} s; the grading process was stopped")
            except _Lost as lost:
                reason, result = str(lost), None
            server.kill()
            self._forget(server)
            server = None
            if result is not None:
                return result, None
        return failure(job, Status.INTERNAL_ERROR, f"the grading process died twice while "
                       f"grading this file ({reason}), most likely because of the "
                       "submission; it was not graded"), None

    def _start(self, index: int) -> _Server:
        server = _Server(self._warm, self.log_dir / f"grading-{index}.log")
        with self._ready:
            self._servers.add(server)
        if self._stopped.is_set():
            server.kill()
        return server

    def _forget(self, server: _Server) -> None:
        with self._ready:
            self._servers.discard(server)

    def _take(self) -> Job | None:
        with self._ready:
            while not self._stopped.is_set() and self._queue:
                for position, job in enumerate(self._queue):
                    if not (job.training and self._gpus):
                        return self._queue.pop(position)
                    if self._gpus_free:
                        self._gpus_free -= 1
                        return self._queue.pop(position)
                self._ready.wait(0.5)
            return None

    def _release(self, job: Job) -> None:
        if job.training and self._gpus:
            with self._ready:
                self._gpus_free += 1
                self._ready.notify_all()


def logs(state: Path) -> Path:
    """OUT/.torchgrade/logs: where each grading process writes its messages."""
    folder = state / "logs"
    folder.mkdir(exist_ok=True)
    return folder


# ----------------------------------------------------------------------------- the grading process

def serve(warm: str, parent_pid: int) -> None:
    """The grading process: read job lines on stdin, answer result lines on stdout.

    Only the protocol writes to the original stdout; anything else printed in this
    process goes to stderr (the log). It dies with its parent (SIGKILL, even if the
    parent was SIGKILLed), and its zygote with it.
    """
    if linux.available():  # before anything: no worker may open /proc/<this>/fd
        linux.die_with_parent(parent_pid)
        linux.set_dumpable(False)
    else:
        threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    from grader.engine import zygote

    zygote.shared(warm)  # warms up while the runner imports torch
    from grader.judge import runner

    for line in sys.stdin:
        request = json.loads(line)
        result = json.dumps(grade_request(runner, request), allow_nan=False)
        protocol.write(f"{request.get('token', '-')} {result}\n")
        protocol.flush()
    os._exit(0)  # the zygote's control socket closes with us: it exits too


def _exit_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(3)


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == SERVE_FLAG:
    serve(sys.argv[2], int(sys.argv[3]))
