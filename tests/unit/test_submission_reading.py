"""grader.engine.submission: a file read into Python source without running it (.py
encodings, notebooks reduced to code cells, syntax errors located). The expected text is
written out here; no worker, no zygote: milliseconds each."""

import hashlib

import nbformat
import pytest

from grader.engine.submission import MAX_FILE_BYTES, SubmissionInputError, read


def _notebook(path, *cells):
    """A notebook of (kind, source) cells, written with nbformat."""
    make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell}
    notebook = nbformat.v4.new_notebook(cells=[make[kind](source) for kind, source in cells])
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    return path


def test_a_python_file_is_read_with_its_digest(tmp_path):
    raw = "def f(x):\n    return x\n".encode()
    (tmp_path / "f.py").write_bytes(raw)
    source = read(tmp_path / "f.py")
    assert (source.text, source.kind, source.problem) == (raw.decode(), "py", "")
    assert source.sha256 == hashlib.sha256(raw).hexdigest()


def test_a_coding_declaration_and_a_bom_are_honoured(tmp_path):
    (tmp_path / "latin.py").write_bytes("# -*- coding: latin-1 -*-\nname = 'café'\n"
                                        .encode("latin-1"))
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfname = 1\n")
    assert "name = 'café'" in read(tmp_path / "latin.py").text
    assert read(tmp_path / "bom.py").text == "name = 1\n"


def test_an_undecodable_file_is_a_problem_not_an_exception(tmp_path):
    (tmp_path / "bad.py").write_bytes(b"x = '\xff\xfe'\n")
    source = read(tmp_path / "bad.py")
    assert source.text == "" and source.problem.startswith("the file cannot be decoded")


def test_a_syntax_error_names_its_line_and_points_at_it(tmp_path):
    (tmp_path / "s.py").write_text("x = 1\n    y = (2 +\n")
    problem = read(tmp_path / "s.py").problem
    assert problem.splitlines()[0].startswith("IndentationError at line 2:")
    assert problem.splitlines()[1] == "    y = (2 +"


@pytest.mark.parametrize("name, message", [
    ("answer.txt", "not a .py file or .ipynb notebook"), ("missing.py", "no such file")])
def test_files_that_cannot_be_graded_at_all_are_refused(tmp_path, name, message):
    with pytest.raises(SubmissionInputError, match=message):
        read(tmp_path / name)


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    path = tmp_path / "big.py"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(SubmissionInputError, match="larger than 5 MB"):
        read(path)


def test_a_notebook_keeps_its_code_cells_with_magics_and_grader_calls_as_pass(tmp_path):
    path = _notebook(tmp_path / "n.ipynb",
                     ("markdown", "# Adam"),
                     ("code", "import torch\n%matplotlib inline\nx = !ls"),
                     ("code", "%%bash\necho hi"),
                     ("code", "def f(x):\n    return x"),
                     ("code", "from grader import check\ncheck('adam')"))
    source = read(path)
    assert source.kind == "ipynb" and source.problem == ""
    assert source.text.splitlines() == ["import torch", "pass", "pass", "pass", "pass",
                                        "def f(x):", "    return x",
                                        "from grader import check", "pass"]
    assert source.cell_of_line == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1), (3, 2),
                                   (4, 1), (4, 2)]


def test_a_notebook_error_is_placed_in_its_cell(tmp_path):
    source = read(_notebook(tmp_path / "n.ipynb", ("code", "a = 1"), ("code", "b = 2\nc = )")))
    assert source.problem.startswith("SyntaxError at cell 2, line 2:")
    assert source.where(1) == "cell 1, line 1" and source.where(99) == "line 99"


def test_a_notebook_that_is_no_json_is_a_problem(tmp_path):
    (tmp_path / "n.ipynb").write_text("{ not json")
    assert read(tmp_path / "n.ipynb").problem.startswith("the notebook cannot be read")
