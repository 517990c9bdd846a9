"""Self-checking inside Jupyter: `from grader import check; check("rmsprop")` in a cell.

The kernel tests execute real notebooks in a real kernel (nbclient + ipykernel) in a
`grade init --notebooks` workspace whose saved `rmsprop.ipynb` is still the stub: what
the kernel ran, never the saved file, is graded. Two kernels in all: one for the
student's path (full marks, a named mistake, a later redefinition, a failed cell, the
warm second call, the history) and one with hostile cells. The rest are fast checks of
the pieces: the grader's own statements left out, the grading process's protocol, a
kernel-side import that stays light.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat import v4

from grader.reports import pages, report
from grader.student import grading_service, history, notebooks
from grader.cli import main
from grader.engine.grader_calls import without_grader_calls
from test_reports_browser import _failing

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (ROOT / "solutions" / "rmsprop.py").read_text(encoding="utf-8")
EPS_INSIDE = REFERENCE.replace("square_avg.sqrt().add_(eps)", "square_avg.add(eps).sqrt()")
EPS_TITLE = "eps inside the square root"
CELL_TIMEOUT_S = 150  # the first check starts the grading process (torch, the zygote)

needs_kernel = pytest.mark.skipif(
    importlib.util.find_spec("nbclient") is None or importlib.util.find_spec("ipykernel") is None,
    reason="nbclient and ipykernel are not installed (pip install -e .[test])")


def _reference_cells(source: str = REFERENCE) -> list[str]:
    """The code cells of a finished notebook (the demo left out: it trains)."""
    return [chunk for chunk, is_demo in notebooks.code_chunks(source) if not is_demo]


def _function_cell(source: str) -> str:
    """The cell defining rmsprop_step in `source`."""
    return next(cell for cell in _reference_cells(source) if "def rmsprop_step" in cell)


def _workspace(tmp_path: Path) -> Path:
    """A `grade init --notebooks` folder: its saved rmsprop.ipynb is the stub."""
    folder = tmp_path / "hw"
    result = CliRunner().invoke(main, ["init", str(folder), "--notebooks"])
    assert result.exit_code == 0, result.output
    return folder


def _execute(cells: list[tuple[str, bool]], folder: Path) -> nbformat.NotebookNode:
    """Run the cells (source, may_fail) in a fresh kernel whose working folder is
    `folder`, as a front end would run an unsaved notebook."""
    import nbclient

    notebook = v4.new_notebook(cells=[
        v4.new_code_cell(source, metadata={"tags": ["raises-exception"]} if fails else {})
        for source, fails in cells])
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    return notebook


def _feedback(cell) -> tuple[str, str]:
    """(html, text) of the feedback a cell displayed."""
    shown = [out for out in cell.outputs if out.output_type == "display_data"]
    assert len(shown) == 1, cell.outputs
    return shown[0].data.get("text/html", ""), shown[0].data["text/plain"]


def _printed(cell) -> str:
    return "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")


# ---- the student's path in a real kernel ------------------------------------------------

@needs_kernel
def test_a_kernel_is_graded_on_what_it_ran(tmp_path):
    folder = _workspace(tmp_path)
    saved = (folder / "rmsprop.ipynb").read_bytes()
    # a module in the student's folder that the trusted grading process would import
    (folder / "pytest.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_name('SHADOWED').write_text('x')\n")
    good, bad = _function_cell(REFERENCE), _function_cell(EPS_INSIDE)
    assert good != bad
    pid = ('if __name__ == "__main__":  # the kernel only\n'
           '    import grader.student.jupyter as j\n    print(j.grading_process().pid)')
    notebook = _execute([
        *[(cell, False) for cell in _reference_cells()],
        ('from grader import check, submit\ncheck("rmsprop")', False),     # 1: full marks
        ("def broken(:\n    pass", True),                                    # never ran
        ("undefined_name + 1", True),                                        # raised
        (bad, False), ('submit("rmsprop")', False),                          # 5: the mistake
        (good, False), ('check("rmsprop")', False),                          # 7: latest wins
        (pid, False),
        ('import time\nstart = time.perf_counter()\ncheck("rmsprop")\n'
         'print(f"{time.perf_counter() - start:.3f}")', False),              # 9: warm again
        (pid, False),
    ], folder)
    first, mistake, fixed, timed = (notebook.cells[-index] for index in (10, 6, 4, 2))

    html, text = _feedback(first)
    assert "rmsprop (rmsprop.ipynb): 5 / 5 points" in text
    assert html.startswith("<style>") and 'class="torchgrade-report"' in html
    assert "<html" not in html and "5 / 5" in html

    html, text = _feedback(mistake)
    assert EPS_TITLE in text and EPS_TITLE in html
    assert "full suite" in text or "hidden" in text

    assert "5 / 5 points" in _feedback(fixed)[1]
    assert "5 / 5 points" in _feedback(timed)[1]
    assert float(_printed(timed).split()[-1]) < 10  # warm: no new interpreter, no torch import
    assert _printed(notebook.cells[-3]) == _printed(notebook.cells[-1]), "one grading process"

    assert (folder / "rmsprop.ipynb").read_bytes() == saved, "the saved file was not touched"
    assert not (folder / "SHADOWED").exists(), "the grading process imported the student's pytest.py"
    records = [r for r in history.read(folder) if r["exercise"] == "rmsprop"]
    assert [r["kind"] for r in records] == ["check", "submit", "check", "check"]
    assert all(r["file"] == "rmsprop.ipynb" for r in records)
    assert records[1]["misconceptions"] == [EPS_TITLE] and records[0]["passed"]


@needs_kernel
def test_hostile_cells_get_a_verdict_and_the_kernel_survives(tmp_path):
    """An endless loop in the graded function times out in the worker; `os._exit` at
    import (guarded so that it runs in the worker, not in the kernel) kills only the
    worker. The kernel and its grading process live on; a grading process that died
    is replaced at the next call."""
    folder = _workspace(tmp_path)
    loop = "import torch\n\ndef rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):\n    while True:\n        pass"
    limits = "time_limit_s=8, call_limit_s=2"
    notebook = _execute([
        (loop, False),
        (f'from grader import check\ncheck("rmsprop", {limits})', False),
        ('import os\nif __name__ != "__main__":\n    os._exit(3)', False),
        (f'check("rmsprop", {limits})', False),
        ('print("kernel alive", 6 * 7)', False),
        ('if __name__ == "__main__":  # the grading process dies between two checks\n'
         '    import grader.student.jupyter as j, os, signal\n'
         '    os.kill(j.grading_process().pid, signal.SIGKILL); j.grading_process().process.wait()\n'
         '    print(j.grading_process().alive(), j.grading_process().pid)', False),
        (f'check("rmsprop", {limits})', False),
    ], folder)
    timed_out, crashed, alive = notebook.cells[1], notebook.cells[3], notebook.cells[4]
    text = _feedback(timed_out)[1]
    assert "0 / 5 points" in text and ("timed out" in text or "TIMEOUT" in text), text
    text = _feedback(crashed)[1]
    assert "crashed" in text, text
    assert _printed(alive) == "kernel alive 42\n"
    assert _printed(notebook.cells[5]).startswith("True "), "a new grading process"
    assert "crashed" in _feedback(notebook.cells[6])[1], "and a verdict from it"


# ---- the pieces --------------------------------------------------------------------------

def _blank(*cells: str) -> list[str]:
    return ["\n".join(lines) for lines in without_grader_calls([c.split("\n") for c in cells])]


def test_the_graders_own_calls_are_left_out_line_for_line():
    cells = _blank('from grader import check, hint as h; check("rmsprop")',
                   "x = 1\nh('rmsprop')\ny = 2",
                   "import grader\nresult = grader.submit('rmsprop')",
                   "def check(a):\n    return a\nz = 3; check(4)",
                   "import grader.student.jupyter as gj\ngj.check(\n  'rmsprop')\n")
    assert cells[0] == "from grader import check, hint as h"  # the import is harmless
    assert cells[1] == "x = 1\npass\ny = 2"
    assert cells[2] == "import grader\npass"
    # a name imported from grader is the grader's call wherever it is used
    assert cells[3] == "def check(a):\n    return a\nz = 3"
    assert cells[4] == "import grader.student.jupyter as gj\npass\npass\n"


def test_a_student_function_named_check_stays_without_the_graders_import():
    assert _blank("def check(a):\n    return a\ncheck(1)") == ["def check(a):\n    return a\ncheck(1)"]


def test_replayed_cells_drop_what_did_not_compile_and_keep_their_numbers():
    cells = ["x = 1", "def broken(:", "%matplotlib inline\ny = 2", "!pip install x"]
    assert grading_service.replayed(cells) == ["x = 1", "", cells[2], cells[3]]


def test_the_grading_process_answers_bad_requests_with_a_reason():
    assert grading_service.answer("not json")["ok"] is False
    unknown = grading_service.answer(json.dumps({"id": 3, "action": "check",
                                                 "exercise": "rmsprp", "cells": []}))
    assert unknown["id"] == 3 and unknown["ok"] is False and "rmsprop" in unknown["error"]
    action = grading_service.answer(json.dumps({"id": 4, "action": "rm", "exercise": "rmsprop"}))
    assert "unknown action" in action["error"]
    cells = grading_service.answer(json.dumps({"id": 5, "action": "check",
                                               "exercise": "rmsprop", "cells": [1]}))
    assert "list of strings" in cells["error"]


def test_limits_can_only_be_lowered():
    from grader import catalog

    exercise = catalog.get("rmsprop")
    assert grading_service._lowered({"time_limit_s": 5, "call_limit_s": 999}, exercise) \
        == {"time_limit_s": 5.0}
    assert grading_service._lowered({"time_limit_s": -1, "call_limit_s": "2"}, exercise) == {}


def test_hint_is_counted_in_the_notebooks_workspace(tmp_path):
    folder = _workspace(tmp_path)
    request = {"id": 1, "action": "hint", "exercise": "rmsprop",
               "notebook": str(folder / "rmsprop.ipynb")}
    first = grading_service.answer(json.dumps(request))
    second = grading_service.answer(json.dumps(request))
    assert first["ok"] and first["text"].startswith("Hint 1 of")
    assert second["text"].startswith("Hint 2 of") and "torchgrade-report" in second["html"]
    assert [r["level"] for r in history.read(folder) if r.get("kind") == "hint"] == [1, 2]


def test_importing_grader_in_the_kernel_stays_light():
    """No torch, no suite, no reference enters the kernel with the import."""
    code = ("import sys, grader, grader.student.jupyter\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('torch', 'numpy') or "
            "m.startswith(('grader.suites', 'grader.solutions', 'grader.mutants', "
            "'grader.judge.runner'))]\nprint(heavy)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert run.stdout.strip() == "[]"


def test_check_outside_a_kernel_says_where_it_works():
    from grader import check
    from grader.student import jupyter

    with pytest.raises(jupyter.NotInKernel, match="grade check FILE"):
        check("rmsprop")


# ---- the fragment --------------------------------------------------------------------------

def test_the_fragment_is_the_report_without_the_document_and_scoped():
    result = _failing()
    page, fragment = report.render(result, "html"), report.html_fragment(result)
    for tag in ("<!DOCTYPE", "<html", "<head>", "<body", "<main", "<title>",
                f"<!-- {pages.MARKER}"):
        assert tag in page and tag not in fragment, tag
    assert fragment.startswith("<style>")
    css = fragment[len("<style>"):fragment.index("</style>")]
    selectors = [s.strip() for rule in css.split("}") if "{" in rule
                 for s in rule.split("{")[0].split(",")]
    assert selectors and all(s.startswith(".torchgrade-report") for s in selectors), selectors
    body = fragment[fragment.index("</style>"):]
    assert body.count('<div class="torchgrade-report">') == 1 and body.rstrip().endswith("</div>")
    # the same report: every section, the named mistake, hidden details still hidden
    for section in ("score", "misconceptions", "tests", "output"):
        assert f'id="{section}"' in page and f'id="{section}-' in fragment
    assert "eps inside the square root" in fragment and "secret numbers" not in fragment
    assert "&lt;script&gt;" in fragment and "<script>" not in fragment


def test_fragment_and_page_share_the_template_untouched():
    """The page is unchanged by the fragment mode: it still opens with its doctype and
    marker (what `grade report` and overwriting rely on)."""
    page = report.render(_failing(), "html")
    assert page.startswith("<!DOCTYPE html>\n<!-- torchgrade-report:")
    assert page.rstrip().endswith("</html>")


def test_feedback_object_offers_html_and_a_text_fallback():
    from grader.student.jupyter import Feedback

    shown = Feedback("<div>h</div>", "plain")
    assert shown._repr_html_() == "<div>h</div>" and repr(shown) == "plain"


def test_a_load_error_names_the_kernels_cell(tmp_path):
    """Cells keep their execution numbers in the replay (an empty cell for one that is
    left out), so a load error points at In [N] as the student sees it."""
    from grader.engine.submission import read

    path = tmp_path / "rmsprop.ipynb"
    cells = ["x = 1", "def broken(:", "y = 2\nundefined + 1"]
    notebook = v4.new_notebook(cells=[v4.new_code_cell(c) for c in grading_service.replayed(cells)])
    nbformat.write(notebook, path)
    message = "your file raised NameError: name 'undefined' is not defined (line 3) while loading"
    shown = grading_service.in_kernel_terms(message, read(path))
    assert shown.startswith("your file raised NameError: name 'undefined' is not defined "
                            "(In [3], line 2) while loading; the cells this kernel ran are replayed")
    assert grading_service.in_kernel_terms("no line here", read(path)) == "no line here"


def test_the_kernel_gets_the_verdict_not_the_hidden_details():
    summary = grading_service.summary(_failing())
    assert summary["score"] == 5.0 and summary["misconceptions"] == ["eps inside the square root"]
    assert "secret numbers" not in json.dumps(summary) and "tests" not in summary


def test_each_fragment_has_ids_of_its_own_and_its_references_resolve():
    """A notebook shows many reports in one page: no id may repeat, and every
    aria-labelledby/aria-describedby still names an element of the same report."""
    import re

    first, second = report.html_fragment(_failing()), report.html_fragment(_failing())
    ids = [re.findall(r'\sid="([^"]+)"', html) for html in (first, second)]
    assert ids[0] and len(set(ids[0])) == len(ids[0]) and not set(ids[0]) & set(ids[1])
    references = re.findall(r'\saria-(?:labelledby|describedby)="([^"]+)"', first)
    assert references and set(references) <= set(ids[0])
    assert 'data-id="rmsprop.eps_inside_sqrt"' in first  # data attributes untouched
