"""The sandbox the zygote (and so every worker) runs in, where the machine allows it.

With Debian's `bubblewrap` (`bwrap`), the zygote is started in a private mount, network,
IPC and UTS namespace: a read-only view of the system and of the Python environment, a
private empty `/tmp`, no network, and no view at all of the references, suites and
mutants, built-in or of an active course (grader.catalog.course; the folders are not mounted,
or are covered by empty tmpfs), nor of the data sets the grader evaluates on
(scikit-learn's bundled tables, a $TORCHGRADE_DATA folder: grader.data), nor of any
student's files (the bundled demo class is covered too; the grader sends each worker
its source through the channel). Each worker then drops root for a uid of its
own, so workers cannot read each other's folders and the process limit applies. Where
bubblewrap is missing or namespaces are refused, `mode()` says `rlimits`: workers get
the resource limits alone, and every result says which mode graded it.
"""

from __future__ import annotations

import functools
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from grader.package import PACKAGE_DIR

BUBBLEWRAP = "bubblewrap"
RLIMITS = "rlimits"
SECRET_PACKAGES = ("grader.solutions", "grader.suites", "grader.mutants")
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc")


@functools.lru_cache(maxsize=1)
def mode() -> str:
    """`bubblewrap` when a trial sandbox starts on this machine, else `rlimits`.

    The environment variable TORCHGRADE_SANDBOX=rlimits forces the fallback.
    """
    if os.environ.get("TORCHGRADE_SANDBOX") == RLIMITS or shutil.which("bwrap") is None:
        return RLIMITS
    try:
        trial = subprocess.run(wrap(["/bin/true"]), capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return RLIMITS
    return BUBBLEWRAP if trial.returncode == 0 else RLIMITS


def wrap(command: list[str]) -> list[str]:
    """`command` wrapped in bubblewrap with the view described in the module docstring."""
    arguments = ["bwrap", "--die-with-parent", "--unshare-net", "--unshare-ipc",
                 "--unshare-uts", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    if os.getuid() != 0:  # the zygote gives each worker PID and mount namespaces
        arguments += ["--cap-add", "CAP_SYS_ADMIN"]
    for directory in _SYSTEM_DIRS:
        arguments += ["--ro-bind-try", directory, directory]
    gpus = sorted(glob.glob("/dev/nvidia*")) + sorted(glob.glob("/dev/dri/render*"))
    for device in gpus:  # CUDA needs its device nodes and the driver's view of /sys
        arguments += ["--dev-bind", device, device]
    if gpus:
        arguments += ["--ro-bind-try", "/sys", "/sys"]
    visible = _python_dirs()
    made: set[str] = set()
    for directory in visible:
        for parent in map(str, reversed(Path(directory).parents[:-1])):
            if parent not in made:  # traversable by a worker uid
                made.add(parent)
                arguments += ["--perms", "0755", "--dir", parent]
        arguments += ["--ro-bind", directory, directory]
    for hidden in hidden_paths():
        arguments += _cover(hidden, (*visible, *_SYSTEM_DIRS))
    return arguments + ["--chdir", "/tmp", "--", *command]


def _python_dirs() -> list[str]:
    """The interpreter, its libraries and the `grader` package: all the zygote needs."""
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix,
                  str(Path(sys.executable).resolve().parent)}
    candidates |= {entry for entry in sys.path  # site-packages, not e.g. a tests folder
                   if entry and os.path.isdir(entry) and "-packages" in entry}
    candidates.add(str(PACKAGE_DIR))
    directories = sorted({str(Path(path).resolve()) for path in candidates})
    kept: list[str] = []
    for directory in directories:  # sorted: a parent comes before its children
        if not any(_inside(directory, parent) for parent in kept) \
                and not any(_inside(secret, directory) and secret == directory
                            for secret in _secret_dirs()):
            kept.append(directory)
    return [d for d in kept if not _is_project_root(d)]


def _is_project_root(directory: str) -> bool:
    """A source checkout on sys.path (e.g. the current directory) would expose
    solutions/; only its `grader` folder is bound (by `_python_dirs`)."""
    return (Path(directory) / "solutions").is_dir() and (Path(directory) / "grader").is_dir()


def held_out_exposed(stem: str) -> bool:
    """Whether a worker grading exercise `stem` can read the data it is judged on:
    only `rlimits` mode, which hides nothing, exposes it (grader.data)."""
    from grader import data

    return mode() == RLIMITS and stem in data.HELD_OUT_EXERCISES


def hidden_paths() -> tuple[str, ...]:
    """Every folder no worker may see: the secret folders (`_secret_dirs`), the bundled
    demo class (students' files, some of them correct answers) and the folders of the
    data sets the grader evaluates on (grader.data.held_out_dirs). The zygote's view
    depends on it, so a zygote is replaced when it changes (grader.engine.zygote.shared)."""
    from grader import data

    demo_class = str(PACKAGE_DIR / "classroom" / "demo_class")
    return (*_secret_dirs(), demo_class, *map(str, data.held_out_dirs()))


def _cover(path: str, bound: tuple[str, ...]) -> list[str]:
    """bwrap arguments that hide folder `path` if it lies in a folder the sandbox binds:
    its training-only view over it (grader.data.training_view) or an empty tmpfs, or,
    where it is itself a bound folder (covering it would hide the environment),
    /dev/null over each of its files."""
    from grader import data

    if not any(_inside(path, directory) for directory in bound) or not os.path.isdir(path):
        return []
    if path not in bound:
        shown = data.training_view(Path(path))
        return ["--ro-bind", str(shown), path] if shown else ["--tmpfs", path]
    files = sorted(entry.path for entry in os.scandir(path) if entry.is_file())
    return [argument for file in files for argument in ("--ro-bind", "/dev/null", file)]


def _secret_dirs() -> tuple[str, ...]:
    """The built-in secret folders and those of the active courses (grader.catalog.course)."""
    from grader.catalog import course  # imported here: only the trusted side starts sandboxes

    return _package_secret_dirs() + tuple(course.secret_dirs())


@functools.lru_cache(maxsize=1)
def _package_secret_dirs() -> tuple[str, ...]:
    found = []
    for name in SECRET_PACKAGES:
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            found.append(str(Path(location).resolve()))
    return tuple(found)


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def worker_dir(name: str) -> str:
    """The private working folder of the worker called `name` (a random name the zygote
    gives it; made by the worker, removed by the zygote when the worker has ended)."""
    import tempfile

    return os.path.join(tempfile.gettempdir(), f"torchgrade-worker-{name}")


def own_uids() -> bool:
    """Whether each worker runs as a random uid of its own (see `pick_worker_uid`):
    when the grader runs as root and the worker can still read the Python environment
    as another uid. Otherwise a root worker keeps uid 0 without any capability."""
    return os.getuid() == 0 and (mode() == BUBBLEWRAP or python_readable_by_others())


WORKER_UIDS = range(200_000, 200_000 + 2**24)


def pick_worker_uid() -> int:
    """A random uid that no process uses now, for one worker: never derived from a pid,
    so no process can predict it, park on it, or still own it from an earlier grading."""
    import secrets

    in_use = _uids_in_use()
    while True:
        uid = WORKER_UIDS[secrets.randbelow(len(WORKER_UIDS))]
        if uid not in in_use:
            return uid


def _uids_in_use() -> set[int]:
    uids = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                uids.add(entry.stat().st_uid)
            except OSError:
                pass  # it just ended
    return uids


@functools.lru_cache(maxsize=1)
def python_readable_by_others() -> bool:
    """Whether another uid can read the interpreter and its libraries in place (every
    folder above them searchable by all): only then can an `rlimits` worker run as a
    uid of its own (in bubblewrap the sandbox re-exposes them read-only)."""
    for directory in _python_dirs():
        path = Path(directory)
        for folder, needed in ((path, 0o005), *((parent, 0o001) for parent in path.parents)):
            try:
                if folder.stat().st_mode & needed != needed:
                    return False
            except OSError:
                return False
    return True
