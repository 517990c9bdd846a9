"""The grader's side of the workers: start one, ask it questions, survive its death.

`WorkerHandle` is one worker process (forked by the zygote). `SubmissionProxy` is what
a suite's tests talk to: it runs a harness on the student's module inside a worker,
with a time limit per call. When a call hangs or kills the worker, that call fails by
name and the next call gets a fresh worker, so the remaining tests are still graded.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from grader.engine import sandbox, worker_tree, zygote
from grader.wire import channel
from grader.wire.plain import AnswerTooLarge, from_plain
from grader.engine.submission import Source
from grader.engine.worker_side.worker import Limits

OUTPUT_CAP_BYTES = 64 * 1024


class WorkerGone(Exception):
    """The worker died or hung up; the message says how (signal or exit code)."""


class AnswerRefused(WorkerGone):
    """The worker's answer broke a cap or could not be loaded safely; it was killed."""


class WorkerTimeout(Exception):
    """The worker did not answer in time; it has been killed."""


class StudentError(Exception):
    """The student's code raised; `info` holds the worker's description of it."""

    def __init__(self, info: dict):
        info = info if isinstance(info, dict) else {}  # a forged reply may be anything
        self.info = {key: value for key, value in info.items() if isinstance(value, (str, bool))}
        if self.missing:
            text = f"`{self.missing}` is not defined in your file"
        elif self.not_implemented:
            text = "not implemented yet (your function raises NotImplementedError)"
        else:
            text = (f"{self.info.get('type', 'Error')}: {self.info.get('message', '')}"
                    f"{self.info.get('where', '')}")
        super().__init__(text)

    @property
    def missing(self) -> str:
        """The required name the submission lacks ('' if none; a name, so at most 100
        characters: the rest of a forged one is dropped)."""
        return str(self.info.get("missing") or "")[:100]

    @property
    def not_implemented(self) -> bool:
        return self.info.get("not_implemented") is True


@dataclass
class CapturedOutput:
    """The first OUTPUT_CAP_BYTES of a worker's stdout/stderr, and how much was dropped."""

    kept: bytearray = dataclasses.field(default_factory=bytearray)
    dropped: int = 0

    def text(self) -> str:
        return self.kept.decode("utf-8", errors="replace")


class WorkerHandle:
    """One worker process running one submission, in its own temporary directory."""

    def __init__(self, job_fields: dict, limits: Limits, warm: str = "light"):
        ours, theirs = _socket_pair()
        output_read, output_write = os.pipe()
        self.zygote = zygote.shared(warm)
        self.uid = sandbox.pick_worker_uid() if sandbox.own_uids() else None
        try:
            self.pid = self.zygote.fork(theirs, output_write, self.uid)
        finally:
            os.close(theirs)
            os.close(output_write)
        self.connection = Connection(ours)
        self._exit: str | None = None
        self._ended = False  # the zygote reported the exit: the pid may be reused now
        self._memory = worker_tree.MemoryWatch(self.pid, limits.memory_bytes,
                                               self._over_memory)
        self.output = CapturedOutput()
        self._drain = threading.Thread(target=_drain, args=(output_read, self.output), daemon=True)
        self._drain.start()
        job = {**job_fields, "limits": dataclasses.asdict(limits)}
        channel.send(self.connection, job)

    def request(self, message: dict, timeout_s: float) -> Any:
        """Send one request and return its answer (raises WorkerGone / WorkerTimeout)."""
        try:
            channel.send(self.connection, message)
        except OSError:
            raise WorkerGone(self.exit_description()) from None
        return self.receive(timeout_s)

    def receive(self, timeout_s: float) -> Any:
        """The worker's next message, all of it within `timeout_s`, decoded within the
        caps of grader.wire.channel and grader.wire.plain (raises WorkerGone / WorkerTimeout;
        AnswerRefused when a cap is broken or the message is not a dict)."""
        try:
            message = from_plain(channel.receive_within(self.connection, timeout_s))
        except channel.FrameTimeout:
            self.kill()
            raise WorkerTimeout(f"no answer within the time limit of {timeout_s:g} s") from None
        except (EOFError, OSError):
            raise WorkerGone(self.exit_description()) from None
        except (channel.ChannelError, AnswerTooLarge) as error:
            self._refuse(str(error))
        if not isinstance(message, dict):
            self._refuse(f"the worker sent a {type(message).__name__}, not a reply")
        return message

    def _refuse(self, reason: str) -> None:
        # The stream can no longer be trusted to be in step: this worker is done.
        self.kill()
        self._exit = f"the answer was refused: {reason}"
        raise AnswerRefused(reason) from None

    def exit_description(self) -> str:
        """How the worker ended, in words: the signal or the exit code."""
        if self._exit is None:
            status = self.zygote.exit_status(self.pid, timeout_s=3.0)
            self._ended = status is not None
            self.kill()
            if status is None:
                self._exit = "the worker stopped answering"
            elif status < 0:
                self._exit = f"killed by signal {signal.Signals(-status).name} ({-status})"
            else:
                self._exit = f"exited with code {status}"
        return self._exit

    def kill(self) -> None:
        """Kill the worker: in bubblewrap the init of its PID namespace, whose end ends
        every process in it; in `rlimits` its process group (the zygote kills the rest:
        orphans re-parented to it). Nothing once the zygote has reported its exit."""
        if self._ended:
            return
        for kill in (os.killpg, os.kill):
            try:
                kill(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def close(self) -> CapturedOutput:
        """Hang up, make sure the worker and all it started are gone (the zygote reports
        its exit only then), and return its output."""
        self._memory.stop()
        self.connection.close()
        self.kill()
        if not self._ended:
            self._ended = self.zygote.exit_status(self.pid, timeout_s=5.0) is not None
        self._drain.join(timeout=2)
        return self.output

    def _over_memory(self, used_bytes: int) -> None:
        limit = self._memory.limit_bytes
        self._exit = (f"memory limit: the worker's processes used {used_bytes / 2**20:.0f} MiB "
                      f"together (limit {limit / 2**20:.0f} MiB); it was killed")
        self.kill()


def _socket_pair() -> tuple[int, int]:
    import socket

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    return ours.detach(), theirs.detach()


def _drain(descriptor: int, output: CapturedOutput) -> None:
    """Read a worker's output until it closes; keep the first bytes, count the rest."""
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:
            break
        if not chunk:
            break
        room = max(OUTPUT_CAP_BYTES - len(output.kept), 0)
        output.kept.extend(chunk[:room])
        output.dropped += len(chunk) - min(room, len(chunk))
    os.close(descriptor)


class SubmissionProxy:
    """The `submission` the suites talk to: harness runs on the student's module.

    The first worker is started by `load()`, which reports how the submission's
    top-level code went. Each `run()` has its own time limit; after a timeout or a
    crash, the next `run()` forks a fresh worker and loads the submission again.
    """

    def __init__(self, source: Source, limits: Limits, call_limit_s: float,
                 total_limit_s: float, seed: int = 0, warm: str = "light"):
        self.job_fields = {"source": source.text, "filename": source.path.name,
                           "kind": source.kind, "seed": seed}
        self.limits = limits
        self.warm = warm
        self.call_limit_s = call_limit_s
        self.total_limit_s = total_limit_s
        self.worker: WorkerHandle | None = None
        self.outputs: list[CapturedOutput] = []
        self.deadline: float | None = None
        self._zygotes: list[zygote.Zygote] = []

    def load(self) -> dict:
        """Start a worker and run the submission's top-level code; return its report.

        The submission's total time limit starts counting at its first worker's fork
        (a zygote still warming up is the grader's time, not the student's).
        """
        self.worker = WorkerHandle(self.job_fields, self.limits, self.warm)
        self._zygotes.append(self.worker.zygote)
        if self.deadline is None:
            self.deadline = time.monotonic() + self.total_limit_s
        try:
            return self.worker.receive(self._limit(self.total_limit_s))
        except (WorkerGone, WorkerTimeout):
            self._retire()
            raise

    def run(self, harness: str, inputs: dict, timeout_s: float | None = None,
            seed: int = 0) -> dict:
        """Run `harness` on the student's module in the worker; return its answers.

        Raises StudentError (the student's code raised or lacks a name), WorkerTimeout
        or WorkerGone; the latter two retire the worker.
        """
        if self.worker is None:
            report = self.load()
            if not report.get("loaded"):
                raise WorkerGone("the submission could not be loaded again")
        assert self.worker is not None  # load() started one
        limit = self._limit(timeout_s or self.call_limit_s)
        try:
            answer = self.worker.request({"harness": harness, "inputs": inputs, "seed": seed},
                                         limit)
        except (WorkerGone, WorkerTimeout):
            self._retire()
            raise
        if answer.get("ok") is not True:
            raise StudentError(answer)
        if not isinstance(answer.get("answers"), dict):  # the harnesses answer dicts
            self._retire()
            raise AnswerRefused("the worker's answers are not a dict")
        return answer["answers"]

    def close(self) -> None:
        self._retire()

    def zygote_died(self) -> bool:
        """Whether a zygote that forked this submission's workers has ended: its workers
        died with it, so what they answered is no verdict on the student's code."""
        return any(not forking.alive for forking in self._zygotes)

    def captured_output(self) -> tuple[str, int]:
        """All captured output of this submission's workers, and the bytes dropped."""
        text = "".join(output.text() for output in self.outputs)
        return text, sum(output.dropped for output in self.outputs)

    def _limit(self, requested: float) -> float:
        if self.deadline is None:
            return requested
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise WorkerTimeout("the submission's total time limit is used up")
        return min(requested, left)

    def _retire(self) -> None:
        if self.worker is not None:
            self.outputs.append(self.worker.close())
            self.worker = None
