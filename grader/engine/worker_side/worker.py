"""The worker: the only place student code runs.

A worker is forked from the zygote for one submission. It confines itself (new
session, resource limits, a fresh temporary directory, a scrubbed environment,
stdout/stderr sent to a capped pipe), runs the submission's top-level code as the
module `submission`, then answers requests `{"harness": name, "inputs": {...}}` with
plain data until the grader hangs up. It never sees a suite, a reference or an
expected value: it only computes answers.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import sys
import tempfile
import traceback
import types
from dataclasses import dataclass
from typing import Any

import numpy
import torch

from grader.engine.worker_side import harness, linux
from grader.wire import channel
from grader.wire.plain import to_plain

SUBMISSION_MODULE = "submission"


@dataclass(frozen=True)
class Limits:
    """Resource limits of one worker.

    `memory_bytes` caps each process (RLIMIT_DATA) and, watched by the grader
    (grader.engine.worker_tree), all the worker's processes together. `processes` caps the
    processes and threads of the worker's own uid (RLIMIT_NPROC; applied only when the
    worker has a uid of its own, see grader.engine.sandbox.own_uids). The rest are per process.
    """

    cpu_s: int = 600
    memory_bytes: int = 4 * 1024**3
    file_bytes: int = 64 * 1024**2
    processes: int = 64
    threads: int = 1


@dataclass(frozen=True)
class Job:
    """What a worker needs to start: the submission source and how to confine it."""

    source: str
    filename: str
    kind: str
    limits: Limits
    seed: int = 0


@dataclass(frozen=True)
class Identity:
    """Who the worker is, decided by the zygote from the grader's request: `uid` its own
    uid (None: keep the zygote's; a root worker then gives up every capability), `home`
    its private folder, `parent` the pid its parent has (checked after dropping root)."""

    uid: int | None
    home: str
    parent: int


def main(channel_fd: int, output_fd: int, identity: dict) -> None:
    """Entry point of a freshly forked worker (never returns normally).

    The first message on the channel is the job, sent by the trusted grader.
    """
    from multiprocessing.connection import Connection

    connection = Connection(channel_fd)
    request = channel.receive(connection)
    job = Job(**{**request, "limits": Limits(**request["limits"])})
    serve(connection, output_fd, job, Identity(**identity))


def serve(connection, output_fd: int, job: Job, identity: Identity) -> None:
    """Confine this process, load the submission, answer requests until hung up."""
    _confine(output_fd, job, identity)
    channel.send(connection, _load_submission(job))
    module = sys.modules.get(SUBMISSION_MODULE)
    while True:
        try:
            request = channel.receive(connection)
        except (EOFError, OSError, channel.ChannelError):
            break
        channel.send(connection, _answer(module, request))
    sys.stdout.flush()
    os._exit(0)


def _confine(output_fd: int, job: Job, identity: Identity) -> None:
    os.setsid()
    limits = job.limits
    for name, value in ((resource.RLIMIT_CPU, limits.cpu_s),
                        (resource.RLIMIT_DATA, limits.memory_bytes),
                        (resource.RLIMIT_FSIZE, limits.file_bytes),
                        (resource.RLIMIT_CORE, 0)):
        hard = value + 1 if name == resource.RLIMIT_CPU else value
        resource.setrlimit(name, (value, hard))
    home = identity.home
    os.mkdir(home, 0o700)
    _become(identity, home, limits)
    os.chdir(home)
    os.environ.clear()
    os.environ.update({"HOME": home, "TMPDIR": home, "PATH": "/usr/bin:/bin",
                       "MPLBACKEND": "Agg", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1",
                       "PYTHONDONTWRITEBYTECODE": "1"})
    # The zygote already asked tempfile for a folder (/tmp, not writable by a worker's
    # own uid); libraries such as torch._dynamo must use the worker's folder instead.
    tempfile.tempdir = home
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.close(output_fd)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
    sys.stderr = sys.stdout
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    torch.set_num_threads(limits.threads)
    _seed(job.seed)


def _become(identity: Identity, home: str, limits: Limits) -> None:
    """Drop root for the worker's own uid (or, keeping its uid, every capability: the
    zygote may hold some, even as another uid in bubblewrap's user namespace), then die
    with the parent: setuid() cleared the parent-death signal."""
    if not linux.available():
        return  # not Linux: the resource limits alone
    linux.no_new_privileges()
    if identity.uid is not None and os.getuid() == 0:
        os.chown(home, identity.uid, identity.uid)
        os.setgroups([])
        os.setgid(identity.uid)
        os.setuid(identity.uid)
    else:
        linux.drop_capabilities()
    if os.getuid() != 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    linux.die_with_parent(identity.parent)


def _seed(seed: int) -> None:
    random.seed(seed)
    numpy.random.seed(seed)
    torch.manual_seed(seed)


def _display(*objects: Any) -> None:
    """IPython's `display()`, for notebooks: prints each object's repr."""
    for item in objects:
        print(repr(item))


def _load_submission(job: Job) -> dict:
    """Run the submission's top-level code; report how that went as plain data."""
    module = types.ModuleType(SUBMISSION_MODULE)
    module.__file__ = os.path.join(os.getcwd(), job.filename)
    if job.kind == "ipynb":
        setattr(module, "display", _display)
    sys.modules[SUBMISSION_MODULE] = module
    sys.argv = [job.filename]
    try:
        code = compile(job.source, job.filename, "exec", dont_inherit=True)
        exec(code, module.__dict__)
    except SystemExit as error:
        return {"loaded": False, "status": "crashed",
                "message": f"your file called sys.exit({error.code!r}) while loading"}
    except BaseException as error:  # anything the student's top-level code raised
        described = _describe(error, job.filename)
        status = "not_implemented" if described["not_implemented"] else "import_error"
        return {"loaded": False, "status": status, **described}
    finally:
        sys.stdout.flush()
    return {"loaded": True}


def _describe(error: BaseException, filename: str) -> dict:
    """A student exception as plain data: type, message, and the student's frames."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename == filename]
    where = f" (line {frames[-1].lineno})" if frames else ""
    text = "".join(traceback.format_list(frames[-5:]))
    return {"type": type(error).__name__, "message": str(error)[:2000],
            "traceback": text, "where": where,
            "not_implemented": isinstance(error, NotImplementedError),
            "missing_module": (getattr(error, "name", None) or "")
            if isinstance(error, ImportError) else ""}


def _answer(module, request: dict) -> dict:
    """Run one harness on the submission; return its answers or the student's error."""
    try:
        run = harness.get(request["harness"])
        _seed(request.get("seed", 0))
        answers = run(module, **request.get("inputs", {}))
        return {"ok": True, "answers": to_plain(answers)}
    except harness.MissingName as missing:
        return {"ok": False, "missing": missing.name, "message": str(missing)}
    except SystemExit as error:
        return {"ok": False, "type": "SystemExit",
                "message": f"your code called sys.exit({error.code!r})"}
    except BaseException as error:
        return {"ok": False, **_describe(error, os.path.basename(module.__file__))}
    finally:
        sys.stdout.flush()
