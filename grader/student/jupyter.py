"""Self-checking inside Jupyter: `from grader import check; check("rmsprop")` in a cell.

This module runs in the student's kernel, so it holds nothing worth stealing and runs
no grading: it imports no torch, no suite, no reference. `check`, `submit` and `hint`
collect what the student has *run* in this kernel (the raw source of every executed
cell, in execution order, from IPython's input history) and send it, as one JSON line,
to a grading process this kernel starts once (`python -m grader.student.grading_service`, a
fresh interpreter). That process grades the cells exactly as `grade check`/`grade
submit` grade a notebook file, keeps its warm zygote between calls, and answers with
the result, the HTML report fitted to a cell and the terminal text. The kernel shows
the answer with IPython's display: HTML where the front end renders it (JupyterLab,
classic Notebook, VS Code), the text elsewhere (terminal IPython).

What is replayed: every executed cell in order (a later definition wins, as in the
kernel), except cells that raised an error when run here after this module was first
imported (tracked with IPython's `post_run_cell` event; the grading process also
drops cells that do not compile, which ran nothing) and the calls of `check`,
`submit` and `hint` themselves (grader.engine.grader_calls).

If the grading process dies (it never runs student code itself, but its workers may
be killed), the next call starts a new one; if it does not answer within
ANSWER_TIMEOUT_S, or the student interrupts the kernel, it is killed, so nothing it
started outlives the call.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from grader.package import PACKAGE_DIR

ANSWER_TIMEOUT_S = 900.0  # a backstop: the grading itself enforces the exercise's limits
SERVICE_COMMAND = (sys.executable, "-m", "grader.student.grading_service")
# `python -m` puts its working folder first on sys.path: never the student's folder,
# where a `pytest.py` or `numpy.py` would be imported by the trusted process.
SERVICE_FOLDER = str(PACKAGE_DIR.parent)
_failed_cells: set[int] = set()  # execution counts of cells that raised in this kernel
_watching: list[Any] = []  # the shells whose post_run_cell we follow


class NotInKernel(RuntimeError):
    """check()/submit()/hint() was called outside an IPython kernel."""


class Feedback:
    """One answer of the grading process, displayable: `_repr_html_` for notebook front
    ends, `repr` (the terminal report) for text-only ones."""

    def __init__(self, html: str, text: str, result: dict | None = None):
        self.html, self.text, self.result = html, text, result

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def check(exercise: str, *, time_limit_s: float | None = None,
          call_limit_s: float | None = None) -> None:
    """Check what ran in this kernel against exercise `exercise`'s public tests and show
    the feedback below the cell. Limits may only be lowered, never raised."""
    _show(_ask("check", exercise, time_limit_s=time_limit_s, call_limit_s=call_limit_s))


def submit(exercise: str, *, time_limit_s: float | None = None,
           call_limit_s: float | None = None) -> None:
    """Grade what ran in this kernel with the full suite (hidden tests included)."""
    _show(_ask("submit", exercise, time_limit_s=time_limit_s, call_limit_s=call_limit_s))


def hint(exercise: str) -> None:
    """Show the next hint for `exercise` (counted in the notebook folder's workspace)."""
    _show(_ask("hint", exercise, with_cells=False))


def executed_cells(shell) -> list[str]:
    """The raw source of each executed cell, index i holding execution count i + 1; a
    cell known to have raised is an empty string (it keeps its number)."""
    raw = list(shell.history_manager.input_hist_raw)[1:]  # entry 0 is a placeholder
    return ["" if count in _failed_cells else text for count, text in enumerate(raw, 1)]


def notebook_path(shell, exercise: str) -> str:
    """Where the notebook most likely is: the path the front end told the kernel
    (JupyterLab and Notebook 7 set `__session__`, VS Code `__vsc_ipynb_file__`),
    else `<exercise>.ipynb` in the kernel's working folder."""
    for name in ("__vsc_ipynb_file__", "__session__"):
        value = shell.user_ns.get(name)
        if isinstance(value, str) and value.endswith(".ipynb"):
            path = Path(value)
            return str(path if path.is_absolute() else Path.cwd() / path.name)
    return str(Path.cwd() / f"{exercise}.ipynb")


# ---- the grading process ------------------------------------------------------------

class GradingProcess:
    """The kernel's handle on its grading process: JSON lines over stdin/stdout."""

    def __init__(self):
        self.process = subprocess.Popen(
            SERVICE_COMMAND, cwd=SERVICE_FOLDER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, encoding="utf-8",  # its stderr: the kernel's (the server log)
            start_new_session=True,  # the kernel's interrupt (SIGINT) is not for it
            env={**os.environ, "NO_COLOR": "1"})
        self.answers: queue.Queue = queue.Queue()
        self.ids = itertools.count(1)
        threading.Thread(target=self._read, daemon=True).start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def ask(self, request: dict, timeout_s: float = ANSWER_TIMEOUT_S) -> dict:
        """Send `request`, return its answer; raise queue.Empty after `timeout_s`,
        EOFError or BrokenPipeError when the process is gone."""
        request = {**request, "id": next(self.ids)}
        assert self.process.stdin is not None  # opened with stdin=PIPE
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        while True:
            answer = self.answers.get(timeout=timeout_s)
            if answer is None:
                raise EOFError("the grading process ended without answering")
            if answer.get("id") == request["id"]:
                return answer

    def close(self) -> None:
        """Kill the grading process's whole group (its zygote and workers with it)."""
        try:
            os.killpg(self.process.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()

    def _read(self) -> None:
        assert self.process.stdout is not None  # opened with stdout=PIPE
        for line in self.process.stdout:
            try:
                self.answers.put(json.loads(line))
            except ValueError:
                continue  # not an answer: nothing else should write here, but never crash
        self.answers.put(None)


_process: GradingProcess | None = None
_lock = threading.Lock()


def grading_process() -> GradingProcess:
    """This kernel's grading process, started on first use and again if it died."""
    global _process
    if _process is None or not _process.alive():
        _process = GradingProcess()
    return _process


def _ask(action: str, exercise: str, with_cells: bool = True, **limits) -> Feedback:
    shell = _shell()
    request = {"action": action, "exercise": str(exercise), "cwd": os.getcwd(),
               "notebook": notebook_path(shell, str(exercise)),
               "limits": {k: v for k, v in limits.items() if v is not None}}
    if with_cells:
        request["cells"] = executed_cells(shell)
    with _lock:
        answer = _answer(request)
    if not answer.get("ok"):
        return Feedback(_error_html(answer.get("error", "")), answer.get("error", ""))
    return Feedback(answer["html"], answer["text"], answer.get("result"))


def _answer(request: dict) -> dict:
    """The grading process's answer. A process that died is replaced once; one that
    does not answer in time, or whose call the student interrupts, is killed."""
    for _ in range(2):
        process = grading_process()
        try:
            return process.ask(request)
        except (BrokenPipeError, EOFError):
            process.close()  # it died: the next round starts a new one
        except queue.Empty:
            process.close()
            return {"ok": False, "error": f"no answer from the grading process within "
                                          f"{ANSWER_TIMEOUT_S:g} s; run the cell again"}
        except BaseException:  # KeyboardInterrupt: the student stopped the cell
            process.close()
            raise
    return {"ok": False, "error": "the grading process stopped unexpectedly; "
                                  "run the cell again"}


def _show(feedback: Feedback) -> None:
    from IPython.display import display

    display(feedback)


def _shell():
    """The running IPython shell; NotInKernel outside one. Starts following cell
    failures (post_run_cell) on first use."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is None:
        raise NotInKernel("check(), submit() and hint() work inside a Jupyter/IPython "
                          "kernel; in a terminal run `grade check FILE`")
    if shell not in _watching:
        shell.events.register("post_run_cell", _note_failure)
        _watching.append(shell)
    return shell


def _note_failure(result) -> None:
    if not result.success and result.execution_count:
        _failed_cells.add(result.execution_count)


def _error_html(message: str) -> str:
    import html

    return (f'<div class="torchgrade-report"><p><strong>TorchGrade:</strong> '
            f"{html.escape(message)}</p></div>")
