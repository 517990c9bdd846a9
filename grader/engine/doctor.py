"""`grade doctor`: what protections and resources this machine gives the grader.

Every fact is measured, not assumed: the sandbox mode is the one a trial `bwrap` run
allowed (grader.engine.sandbox.mode), the held-out data is hidden if a sandboxed process
cannot read it (grader.data.held_out_files), the limits are the ones a worker sets
(grader.engine.worker_side.worker.Limits), and the GPU line comes from torch in a child process, so this process never
initialises CUDA (the zygote forks workers and must not hold a CUDA context).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys

from grader import data
from grader.package import __version__
from grader.engine import sandbox, worker_tree
from grader.engine.worker_side.worker import Limits

_READ_PROBE = """
import hashlib, sys
for path in sys.argv[1:]:
    try:
        print(hashlib.sha256(open(path, "rb").read()).hexdigest())
    except OSError:
        print("-")
"""
_GPU_PROBE = """
import json, torch
devices = []
if torch.cuda.is_available():
    for index in range(torch.cuda.device_count()):
        props = torch.cuda.get_device_properties(index)
        devices.append({"name": props.name, "memory_gib": round(props.total_memory / 2**30, 1)})
print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda, "devices": devices}))
"""


@dataclasses.dataclass
class Fact:
    """One line of the doctor's table: what, its value, and whether it is good news."""

    name: str
    value: str
    ok: bool = True


def _sandbox_facts() -> list[Fact]:
    mode = sandbox.mode()
    if mode == sandbox.BUBBLEWRAP:
        uids = ("one uid per worker" if os.getuid() == 0
                else "workers share your uid (run as root to give each its own)")
        detail = ("bubblewrap: no network, private /tmp, read-only Python, references "
                  f"and suites invisible, {uids}")
        return [Fact("sandbox", detail)]
    bwrap = shutil.which("bwrap")
    if os.environ.get("TORCHGRADE_SANDBOX") == sandbox.RLIMITS:
        why = "TORCHGRADE_SANDBOX=rlimits forces the fallback"
    elif bwrap is None:
        why = "bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    else:
        why = f"{bwrap} cannot create namespaces here (a container may forbid them)"
    return [Fact("sandbox", f"rlimits only: {why}", ok=False)]


def _held_out_facts() -> list[Fact]:
    """Whether a sandboxed process can read any held-out data file (grader.data)."""
    exercises = ", ".join(data.HELD_OUT_EXERCISES)
    if sandbox.mode() != sandbox.BUBBLEWRAP:
        return [Fact("held-out data", f"exposed: workers can read the data {exercises} "
                     "are judged on (rlimits mode hides no file); their results say so",
                     ok=False)]
    files = data.held_out_files()
    digests = {hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    try:
        probe = subprocess.run(sandbox.wrap([sys.executable, "-I", "-c", _READ_PROBE,
                                             *map(str, files)]),
                               capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        probe = None
    if probe is None or probe.returncode != 0:
        return [Fact("held-out data", "could not be checked in the sandbox", ok=False)]
    readable = [str(path) for path, digest in zip(files, probe.stdout.split())
                if digest in digests]
    if readable:
        return [Fact("held-out data", f"readable by workers: {', '.join(readable)}",
                     ok=False)]
    return [Fact("held-out data", f"hidden from workers ({exercises})")]


def _limit_facts() -> list[Fact]:
    """The limits that really apply to a worker here, and the ones that do not."""
    limits = Limits()
    memory = limits.memory_bytes / 2**30
    processes, capped = _process_cap(limits)
    return [Fact("worker limits",
                 f"CPU {limits.cpu_s} s per process, files {limits.file_bytes / 2**20:.0f} "
                 f"MiB, memory {memory:.0f} GiB per process and {memory:.0f} GiB for all its "
                 f"processes together (checked every {worker_tree.INTERVAL_S * 1000:.0f} ms), "
                 f"{processes}", ok=capped),
            _isolation_fact()]


def _process_cap(limits: Limits) -> tuple[str, bool]:
    if sandbox.own_uids():
        return (f"{limits.processes} processes and threads (a random uid of its own per "
                "worker)"), True
    if os.getuid() == 0:
        return ("no process cap: workers keep uid 0 (without any capability), which "
                "RLIMIT_NPROC never limits, because another uid cannot read this Python "
                "environment"), False
    return (f"{limits.processes} processes and threads for your whole uid (RLIMIT_NPROC "
            "counts all your processes; run as root to give each worker its own)"), True


def _isolation_fact() -> Fact:
    if sandbox.mode() == sandbox.BUBBLEWRAP:
        return Fact("worker processes", "a PID namespace per worker: it sees only its own "
                    "processes, and all of them end with it")
    shared = ("" if sandbox.own_uids() else
              f"; they run as uid {os.getuid()}, so they can also read the environment of "
              "your other processes of that uid (your shell, say), but not the grader's")
    return Fact("worker processes", "no PID namespace: workers see every process on this "
                f"machine and its command line{shared}; what a worker starts is killed when "
                "it ends (its orphans are re-parented to the zygote, which kills them)",
                ok=False)


def _gpu_facts() -> list[Fact]:
    try:
        probe = subprocess.run([sys.executable, "-c", _GPU_PROBE], capture_output=True,
                               text=True, timeout=120)
        info = json.loads(probe.stdout)
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return [Fact("torch", "could not be imported in a child process", ok=False)]
    facts = [Fact("torch", f"{info['torch']} (CUDA {info['cuda'] or 'not built in'})")]
    if info["devices"]:
        names = ", ".join(f"{d['name']} ({d['memory_gib']} GiB)" for d in info["devices"])
        facts.append(Fact("GPU", names))
    else:
        facts.append(Fact("GPU", "none: training exercises run on the CPU"))
    return facts


def facts() -> list[Fact]:
    """Everything `grade doctor` reports, in display order."""
    return [
        Fact("TorchGrade", __version__),
        Fact("Python", f"{platform.python_version()} ({sys.executable})"),
        *_gpu_facts(),
        *_sandbox_facts(),
        *_held_out_facts(),
        *_limit_facts(),
        Fact("CPU cores", str(os.cpu_count() or "unknown")),
    ]
