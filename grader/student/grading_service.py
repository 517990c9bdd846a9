"""The grading process behind a notebook's `check()`: `python -m grader.student.grading_service`.

A kernel (grader.student.jupyter) starts one and keeps it for its lifetime. It is a fresh,
trusted interpreter: it holds the suites and references, the kernel never does. It
reads one JSON request per line on stdin and answers one JSON line on stdout, until
stdin closes:

    {"id": 1, "action": "check" | "submit" | "hint", "exercise": "rmsprop",
     "cells": ["import torch", "def rmsprop_step(...): ..."], "notebook": "/path/x.ipynb",
     "cwd": "/path", "limits": {"time_limit_s": 8}}
    {"id": 1, "ok": true, "result": {"score": 4.0, ...}, "html": "<style>...", "text": "..."}
    {"id": 1, "ok": false, "error": "unknown exercise 'rmsprp' ..."}

The cells are graded exactly as `grade check`/`grade submit` grade a notebook file:
they are written, as code cells in execution order, to a private temporary
`<exercise>.ipynb` that grader.judge.runner.grade reads (magics and shell lines skipped, a
later definition winning, the grader's own calls skipped). Cells that do not compile
(they ran nothing in the kernel) are emptied first. The answer carries the reports as
the student sees them and a summary of the verdict, never a hidden test's details.
The result is recorded in the history of the workspace holding the notebook, as the
CLI does. Between requests the warm zygote stays alive, so a second check costs a
fork and the suite.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path

from grader.errors import UserInputError
from grader.result import internal_error_message

ACTIONS = ("check", "submit", "hint")


def main() -> None:
    """Serve requests until stdin closes. Only answers go to the real stdout."""
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # stray prints (ours or a library's) must not corrupt the answers
    sys.stdout = sys.stderr
    for line in sys.stdin:
        answers.write(json.dumps(answer(line)) + "\n")
        answers.flush()
        _warm_up_again()


def answer(line: str) -> dict:
    """The answer to one request line; never raises."""
    try:
        request = json.loads(line)
        if not isinstance(request, dict):
            raise ValueError("a request is a JSON object")
    except ValueError as error:
        return {"id": None, "ok": False, "error": f"bad request: {error}"}
    try:
        return {"id": request.get("id"), "ok": True, **_handle(request)}
    except UserInputError as error:  # an unknown exercise or action, bad cells, no hints
        return {"id": request.get("id"), "ok": False, "error": str(error)}
    except Exception as error:  # the grader's own failure still gets an answer
        return {"id": request.get("id"), "ok": False,
                "error": internal_error_message(error)}


_warm = "light"


def _handle(request: dict) -> dict:
    from grader import catalog

    action = request.get("action")
    if action not in ACTIONS:
        raise UserInputError(f"unknown action {action!r}")
    exercise = catalog.get(str(request.get("exercise", "")))
    if action == "hint":
        return _hint(exercise.stem, request)
    cells = request.get("cells")
    if not isinstance(cells, list) or not all(isinstance(cell, str) for cell in cells):
        raise UserInputError("cells must be a list of strings")
    return _grade(exercise, cells, request)


def _grade(exercise, cells: list[str], request: dict) -> dict:
    global _warm
    from grader.engine import zygote
    from grader.student import history

    _warm = exercise.warm
    zygote.shared(exercise.warm)  # warms up while this process imports torch
    from grader.reports import report

    result = grade_cells(cells, exercise, public_only=request["action"] == "check",
                         limits=request.get("limits") or {})
    notebook = Path(str(request.get("notebook") or f"{exercise.stem}.ipynb"))
    result.file = notebook.name
    history.record_result(notebook, result)
    return {"result": summary(result), "html": report.html_fragment(result),
            "text": report.text_report(result, color=False)}


def summary(result) -> dict:
    """What the kernel gets besides the rendered reports: the verdict, never a test's
    details (a hidden test's values must not reach the student's process)."""
    return {"exercise": result.exercise, "mode": result.mode, "status": result.status,
            "score": result.score, "max_score": result.max_score,
            "misconceptions": [item.title or item.id for item in result.misconceptions]}


def grade_cells(cells: list[str], exercise, public_only: bool, limits: dict):
    """Grade the executed cells as the notebook holding them, in execution order."""
    import nbformat
    from nbformat import v4

    from grader.judge import runner
    from grader.engine.submission import read

    notebook = v4.new_notebook(cells=[v4.new_code_cell(text) for text in replayed(cells)])
    with tempfile.TemporaryDirectory(prefix="torchgrade-kernel-") as folder:
        path = Path(folder) / f"{exercise.stem}.ipynb"
        with open(path, "w", encoding="utf-8") as handle:
            nbformat.write(notebook, handle)
        result = runner.grade(path, exercise.stem, public_only=public_only,
                              **_lowered(limits, exercise))
        result.message = in_kernel_terms(result.message, read(path))
    return result


_LINE = re.compile(r"\(line (\d+)\)")


def in_kernel_terms(message: str, source) -> str:
    """`message` with "(line N)" of the replayed source as the kernel's cell and line
    ("(In [7], line 2)"), and why an error the kernel already saw comes back."""
    found = _LINE.search(message)
    if not found or source.kind != "ipynb":
        return message
    cell, line = source.cell_of_line[int(found[1]) - 1] if \
        0 < int(found[1]) <= len(source.cell_of_line) else (0, 0)
    if not cell:
        return message
    note = ("; the cells this kernel ran are replayed in order, so a cell that raised "
            "before your first check() raises here again: fix or delete it, or restart "
            "the kernel and run all")
    return f"{message[:found.start()]}(In [{cell}], line {line}){message[found.end():]}{note}"


def _lowered(limits: dict, exercise) -> dict:
    """The limits the request asks for, never above the exercise's own."""
    bounds = {"time_limit_s": exercise.time_limit_s, "call_limit_s": exercise.call_limit_s}
    chosen = {}
    for name, bound in bounds.items():
        value = limits.get(name)
        if isinstance(value, (int, float)) and 0 < value < bound:
            chosen[name] = float(value)
    return chosen


def replayed(cells: list[str]) -> list[str]:
    """The cells as they are replayed: one that does not compile (it ran nothing in the
    kernel) becomes empty. Every cell keeps its place, so "cell N" in feedback is the
    kernel's In[N]. (The notebook reader then skips magics and the grader's own
    calls, as for any notebook file: grader.engine.submission, grader.engine.grader_calls.)"""
    from grader.engine.submission import _python_lines  # magics and shell lines -> `pass`

    kept = []
    for text in cells:
        try:
            compile("\n".join(_python_lines(text)), "<cell>", "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            text = ""
        kept.append(text)
    return kept


def _hint(stem: str, request: dict) -> dict:
    import html
    import textwrap

    from grader.student import hints, history

    notebook = Path(str(request.get("notebook") or request.get("cwd") or "."))
    folder = history.workspace_of(notebook) or notebook.parent
    try:
        history.make_workspace(folder)
        hint = hints.next_hint(folder, stem)
    except OSError as error:
        raise UserInputError(f"cannot record the hint in {folder}: {error}") from None
    title = f"Hint {hint.level} of {hint.total} for {stem} ({hint.label})"
    parts = hint.text.split(";  ")
    more = ("That was the last hint: there are no more for this exercise." if hint.repeated
            else f"`hint(\"{stem}\")` again for the next one." if hint.level < hint.total
            else "")
    text = "\n".join([f"{title}:", *(textwrap.fill(part, width=88, initial_indent="  ",
                                                   subsequent_indent="    ")
                                     for part in parts), more]).rstrip()
    items = "".join(f"<li>{html.escape(part)}</li>" for part in parts)
    body = (f'<div class="torchgrade-report"><p><strong>{html.escape(title)}</strong></p>'
            f"<ul>{items}</ul><p>{html.escape(more)}</p></div>")
    return {"result": {"exercise": stem, "level": hint.level, "total": hint.total},
            "html": body, "text": text}


def _warm_up_again() -> None:
    """Restart the zygote if a worker took it down, while the student edits."""
    try:
        from grader.engine import zygote

        if "grader.judge.runner" in sys.modules:
            zygote.shared(_warm)
    except Exception:  # noqa: BLE001 (the next check says what is wrong)
        pass


if __name__ == "__main__":
    main()
