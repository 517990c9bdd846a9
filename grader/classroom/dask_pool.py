"""Batch grading past one machine: the batch's jobs on Dask distributed.

    DaskPool(address or "local", workers, gpus).run(jobs, deliver)    behind `grade batch --dask`

A second `grader.classroom.pool.Pool` (the first is grader.classroom.local_pool's
ServerPool): the same jobs, and each finished one handed to `deliver`, which journals it
before anything else, so the journal, the outputs and resuming are the batch's own, not
repeated here.

What travels: to a Dask worker, a job is plain data (the file's name and bytes, the
exercise's stem and the fingerprint of our suite, reference and mutants); back comes
the result's JSON text, read by `jobs.decode_result`. Nothing of the student's is ever
pickled, and a worker whose torchgrade grades differently (another version, another
suite) says so instead of grading.

On each Dask worker (a trusted grading process, like the local pool's): `ZygotePlugin`
starts the worker's own warm zygote as the worker starts (`grader.engine.zygote.shared`, a
process-wide global that `grade_file` would otherwise start on first use); student code
runs only in the workers that zygote forks. A Dask worker grades one job at a time
(pytest runs in its process), whatever its thread count.

Nothing lost, nothing twice: a job is pure (the same bytes give the same result) and
its task key names the student and the content, so when a Dask worker dies, Dask runs
its jobs again on another, and each job's future completes once: `deliver`, hence the
journal, sees each result once. Jobs whose workers die repeatedly (Dask's
`allowed-failures`) are recorded as internal errors and graded again on a re-run.

GPUs: training jobs ask for `resources={"GPU": 1}`, so they run only on workers that
declare one (`dask worker ... --resources "GPU=1"`); when no worker does, they run on
the CPU workers, as the local pool does on a machine without a GPU (with a warning).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy
import hashlib
import json
import logging
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import dask
from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from grader.classroom.fingerprint import code_fingerprint
from grader.classroom.jobs import Job, decode_result, failure, grade_request
from grader.classroom.options import BatchInputError
from grader.classroom.pool import Deliver
from grader.result import Status, SubmissionResult

LOCAL = "local"  # `--dask local`: a LocalCluster on this machine
LOCAL_WORKERS = 2
PLUGIN = "torchgrade-zygote"
CONNECT_TIMEOUT_S = 20
GPU = "GPU"
TICK_MS = 1000
# `--dask local` shares this machine's cores with the grading: no worker profiler (see
# _quieten), and health checks less often (idle on 2 cores, the scheduler and client's
# process used 4.4% of a core with Dask's defaults, 1.1% with these).
LOCAL_CONFIG = {"distributed.admin.tick.interval": f"{TICK_MS}ms",
                "distributed.admin.system-monitor.interval": "2s",
                "distributed.worker.profile.enabled": False}
NO_GPU_WORKER = ("no Dask worker declares a GPU resource (dask worker ... --resources "
                 "\"GPU=1\"); the training exercises are graded on CPU workers")
OTHER_GRADER = ("this Dask worker's torchgrade grades {stem} differently (another "
                "version, suite, reference or mutants); install the same torchgrade on "
                "every worker")


class DaskPool:
    """Grades a batch's jobs on the Dask scheduler at `address` (`local`: a LocalCluster
    of `workers` processes here, default 2, the first `gpus` of them one GPU each)."""

    def __init__(self, address: str, workers: int | None = None, gpus: int = 0):
        self.address = address
        self.workers = workers or LOCAL_WORKERS
        self.gpus = gpus

    def run(self, jobs: list[Job], deliver: Deliver) -> None:
        with self._client() as client:
            client.register_plugin(ZygotePlugin(), name=PLUGIN)
            on_gpu = self._has_gpu_workers(client)
            if any(job.training for job in jobs) and not on_gpu:
                print(f"warning: {NO_GPU_WORKER}", file=sys.stderr)
            futures = {_submit(client, job, on_gpu): job for job in jobs}
            try:
                for future in as_completed(list(futures)):
                    job = futures.pop(future)
                    deliver(job, self._result(job, future))
                    future.release()  # its result is journaled: the worker may drop it
            except BaseException:  # Ctrl-C, or the journal cannot be written
                client.cancel(list(futures))
                raise

    @contextlib.contextmanager
    def _client(self) -> Iterator[Client]:
        if self.address == LOCAL:
            with local_cluster(self.workers, self.gpus) as cluster, Client(cluster) as client:
                yield client
            return
        try:
            client = Client(self.address, timeout=CONNECT_TIMEOUT_S)
        except (OSError, ValueError) as error:
            raise BatchInputError(f"cannot reach the Dask scheduler at {self.address}: "
                                  f"{error}") from None
        with client:
            yield client

    def _has_gpu_workers(self, client: Client) -> bool:
        """Ours: known (its workers may still be starting); another: ask the scheduler."""
        if self.address == LOCAL:
            return min(self.gpus, self.workers) > 0
        try:
            info = client.scheduler_info(n_workers=-1)
        except TypeError:  # distributed before 2025 lists every worker anyway
            info = client.scheduler_info()
        return any(worker.get("resources", {}).get(GPU) for worker in info["workers"].values())

    def _result(self, job: Job, future) -> SubmissionResult:
        if future.status == "finished":
            return decode_result(job, future.result())
        if future.status == "cancelled":
            raise BatchInputError(f"lost the Dask scheduler at {self.address}; the results "
                                  "so far are kept: run the same command again to resume")
        error = future.exception()
        return failure(job, Status.INTERNAL_ERROR, f"Dask could not grade this file "
                       f"({type(error).__name__}: {error}); it was not graded")


def _submit(client: Client, job: Job, on_gpu: bool):
    """One job as one Dask task: plain data in; the longest jobs first."""
    name = hashlib.sha256(f"{job.student}\0{job.key}".encode("utf-8", "surrogateescape"))
    return client.submit(grade_file, job.path.name, job.path.read_bytes(), job.stem,
                         code_fingerprint(job.stem),
                         key=f"torchgrade-{job.stem}-{name.hexdigest()[:24]}",
                         resources=resources(job, on_gpu), priority=int(job.limit_s))


def resources(job: Job, on_gpu: bool) -> dict[str, int] | None:
    """What a job asks of the worker that runs it: a GPU for a training job when the
    cluster has GPU workers."""
    return {GPU: 1} if job.training and on_gpu else None


# ----------------------------------------------------------------------------- `--dask local`

@contextlib.contextmanager
def local_cluster(workers: int, gpus: int = 0) -> Iterator[LocalCluster]:
    """A LocalCluster of `workers` processes with one thread each; the first `gpus` of
    them declare a GPU and see only theirs. Its health checks run less often
    (LOCAL_CONFIG): they share the cores with the grading."""
    with dask.config.set(LOCAL_CONFIG), LocalCluster(
            n_workers=0, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR) as cluster:
        cluster.worker_spec.update(gpu_specs(cluster.new_spec, min(gpus, workers)))
        cluster.scale(workers)
        yield cluster


def gpu_specs(base: dict, gpus: int) -> dict[str, dict]:
    """Worker specs (SpecCluster's) for `gpus` workers, each holding one GPU."""
    specs = {}
    for index in range(gpus):
        spec = copy.deepcopy(base)
        spec["options"].update(resources={GPU: 1},
                               env={"CUDA_VISIBLE_DEVICES": str(index)})
        specs[f"gpu-{index}"] = spec
    return specs


# ----------------------------------------------------------------------------- on a Dask worker

_one_at_a_time = threading.Lock()
# The thread that starts a zygote must outlive it: bubblewrap's --die-with-parent (a
# parent-death signal) fires when that *thread* ends, not the process. So one thread,
# alive as long as the Dask worker, starts (and restarts) this worker's zygote.
_zygote_keeper = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="torchgrade-zygote")


def grade_file(name: str, content: bytes, stem: str, fingerprint: str) -> str:
    """The task a Dask worker runs: grade the file `name` holding `content` as `stem`,
    return the result's JSON. Pure: the same arguments give the same grade."""
    with _one_at_a_time, tempfile.TemporaryDirectory(prefix="torchgrade-dask-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        if code_fingerprint(stem) != fingerprint:
            job = Job("", stem, "", path, "", 0.0)
            return json.dumps(failure(job, Status.INTERNAL_ERROR,
                                      OTHER_GRADER.format(stem=stem)).to_dict())
        from grader.judge import runner

        _own_zygote()  # started by ZygotePlugin, or now if it died
        return json.dumps(grade_request(runner, {"path": str(path), "stem": stem}))


class ZygotePlugin(WorkerPlugin):
    """Warms a Dask worker as it starts: its zygote, and torch in the worker itself."""

    idempotent = True  # registered by every batch: set up once per worker

    def setup(self, worker) -> None:
        _quieten(getattr(worker, "periodic_callbacks", {}))
        threading.Thread(target=_warm_up, name="torchgrade-warm-up", daemon=True).start()


def _quieten(callbacks: dict) -> None:
    """Stop what a Dask worker does beside our jobs that slows them (a grading is
    ~150 ms of Python holding the GIL in the worker's task thread): its statistical
    profiler walks that thread's deep pytest stack every 10 ms, and its event-loop
    check runs every 20 ms; once a second is plenty, as our jobs never block the loop."""
    for name in ("profile", "profile-cycle"):
        if name in callbacks:
            callbacks[name].stop()
    if "tick" in callbacks:
        callbacks["tick"].callback_time = max(callbacks["tick"].callback_time, TICK_MS)


def _warm_up() -> None:
    _own_zygote()
    from grader.judge import runner  # noqa: F401  (imports torch and pytest once, now)


def _own_zygote():
    """This worker's zygote, warmed fully as the local pool's are (the seconds it
    costs are won back on every submission that uses an optimizer)."""
    from grader.engine import zygote

    return _zygote_keeper.submit(zygote.shared, "full").result()
