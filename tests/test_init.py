"""`grade init`: stubs copied into a working folder, or notebooks made from them.

The notebooks must be valid nbformat v4, hold the stub's code line for line, run
under nbclient (when it is installed), and grade exactly like the `.py` with the
same code: checked for every stub, and for every rule exercise's reference.
"""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat import v4

from grader import catalog
from grader.judge import runner
from grader.student import history, notebooks, workspace
from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
STEMS = list(catalog.stems())
RULE_STEMS = [exercise.stem for exercise in catalog.exercises() if not exercise.training]


def _init(folder: Path, *options: str):
    result = CliRunner().invoke(main, ["init", str(folder), *options])
    assert result.exit_code == 0, result.output
    return result


def _verdict(result) -> tuple:
    """What must be equal between a .py and the notebook with the same code."""
    return (result.status, result.score, result.max_score,
            [(case.name, case.outcome, case.points) for case in result.tests],
            sorted(item.id for item in result.misconceptions))


def _stub_text(stem: str) -> str:
    return workspace.stub_path(stem).read_text(encoding="utf-8")


# ---- .py --------------------------------------------------------------------------------

def test_init_into_an_empty_folder_copies_every_stub(tmp_path):
    folder = tmp_path / "hw"
    result = _init(folder)
    for stem in STEMS:
        assert (folder / f"{stem}.py").read_bytes() == workspace.stub_path(stem).read_bytes()
    assert (folder / history.FOLDER).is_dir(), "the folder is a workspace"
    assert f"{len(STEMS)} exercise file(s) created" in result.output
    assert "Next:" in result.output
    assert "grade check linear_model.py" in result.output
    assert "grade progress" in result.output and "grade hint" in result.output


def test_init_never_overwrites_and_says_so(tmp_path):
    folder = tmp_path / "hw"
    folder.mkdir()
    (folder / "rmsprop.py").write_text("# my work\n")
    (folder / "adam.ipynb").write_text("{}")
    result = _init(folder)
    assert (folder / "rmsprop.py").read_text() == "# my work\n"
    assert "rmsprop.py" in result.output and "not overwritten" in result.output
    assert f"{len(STEMS) - 1} exercise file(s) created, 1 already there" in result.output

    again = _init(folder)
    assert "0 exercise file(s) created" in again.output
    assert (folder / "rmsprop.py").read_text() == "# my work\n"

    notebooks_too = _init(folder, "--notebooks")  # .ipynb next to the .py files
    assert (folder / "adam.ipynb").read_text() == "{}"
    assert "adam.ipynb" in notebooks_too.output and "not overwritten" in notebooks_too.output
    assert (folder / "rmsprop.ipynb").is_file()


def test_init_refuses_a_file_as_folder(tmp_path):
    target = tmp_path / "hw"
    target.write_text("x")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 2


# ---- notebooks ---------------------------------------------------------------------------

def test_init_notebooks_are_valid_and_hold_the_stub_code(tmp_path):
    folder = tmp_path / "hw"
    result = _init(folder, "--notebooks")
    assert "jupyter" in result.output and "grade check linear_model.ipynb" in result.output
    for stem in STEMS:
        path = folder / f"{stem}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert notebook.nbformat == 4
        assert not list(folder.glob(f"{stem}.py"))
        first, last = notebook.cells[0], notebook.cells[-1]
        assert first.cell_type == "markdown" and first.source.startswith("# Exercise")
        assert last.cell_type == "code" and last.source == notebooks.check_call(stem)
        assert last.source == f'from grader import check; check("{stem}")'
        code = "\n".join(cell.source for cell in notebook.cells[:-1] if cell.cell_type == "code")
        stub = ast.parse(_stub_text(stem))
        stub.body = stub.body[1:]  # the module docstring is the Markdown cell
        assert ast.dump(ast.parse(code)) == ast.dump(stub), stem


def test_notebook_cells_follow_the_definitions():
    notebook = notebooks.from_source(_stub_text("rmsprop"), "rmsprop")
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].startswith("import torch")
    assert code[1].startswith("@torch.no_grad()\ndef rmsprop_step(")  # decorator kept
    assert code[2].startswith("class RMSprop(")
    demo = [cell for cell in notebook.cells if "__main__" in cell.source]
    assert demo and demo[0].metadata["tags"] == ["raises-exception"]
    intro = notebook.cells[0].source
    assert "Intuition\n---------" in intro and "sqrt(square_avg) + eps" in intro


@pytest.mark.parametrize("stem", STEMS)
def test_stub_notebook_grades_like_the_stub(tmp_path, stem):
    notebook_path = tmp_path / f"{stem}.ipynb"
    notebooks.write(notebooks.from_source(_stub_text(stem), stem), notebook_path)
    as_notebook = runner.grade(notebook_path, stem, public_only=True)
    as_py = runner.grade(workspace.stub_path(stem), stem, public_only=True)
    assert as_notebook.status == "not_implemented", as_notebook.message
    assert _verdict(as_notebook) == _verdict(as_py)


def _filled_notebook(stem: str) -> nbformat.NotebookNode:
    """The stub's notebook with its code cells replaced by the reference's code, as a
    student who finished would have it (the Markdown and the check cell stay)."""
    notebook = notebooks.from_source(_stub_text(stem), stem)
    reference = (ROOT / "solutions" / f"{stem}.py").read_text(encoding="utf-8")
    code = [v4.new_code_cell(chunk) for chunk, _ in notebooks.code_chunks(reference)]
    notebook.cells = [notebook.cells[0], *code, *notebook.cells[-2:]]
    return notebook


@pytest.mark.parametrize("stem", RULE_STEMS)
def test_reference_notebook_grades_exactly_like_the_reference(tmp_path, stem):
    """mlp and cnn are left out: each grading trains for tens of seconds; their
    notebooks go through the same reader and the same worker as these."""
    path = tmp_path / f"{stem}.ipynb"
    notebooks.write(_filled_notebook(stem), path)
    as_notebook = runner.grade(path, stem)
    as_py = runner.grade(ROOT / "solutions" / f"{stem}.py", stem)
    assert as_py.score == as_py.max_score
    assert _verdict(as_notebook) == _verdict(as_py)


def test_notebook_writer_never_overwrites(tmp_path):
    path = tmp_path / "rmsprop.ipynb"
    path.write_text("mine")
    with pytest.raises(FileExistsError):
        notebooks.write(notebooks.from_source(_stub_text("rmsprop"), "rmsprop"), path)
    assert path.read_text() == "mine"


def _nbclient_missing() -> str:
    missing = [name for name in ("nbclient", "ipykernel")
               if importlib.util.find_spec(name) is None]
    return f"{' and '.join(missing)} not installed (optional: pip install nbclient ipykernel)"


@pytest.mark.skipif(importlib.util.find_spec("nbclient") is None
                    or importlib.util.find_spec("ipykernel") is None,
                    reason=_nbclient_missing())
def test_stub_notebook_runs_under_nbclient(tmp_path, monkeypatch):
    """Every cell runs in a real kernel; the demo, which calls the unfinished stub, may
    fail (its cell is tagged raises-exception) and the last cell checks the notebook."""
    import nbclient

    monkeypatch.setenv("NO_COLOR", "1")
    _init(tmp_path, "--notebooks")
    path = tmp_path / "linear_model.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = json.dumps(notebook.cells[-1].outputs)
    assert "linear_model (linear_model.ipynb)" in outputs
    assert "not implemented yet" in outputs
