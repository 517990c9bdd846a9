"""Jupyter notebooks generated from the exercise stubs (nbformat v4).

One stub makes one notebook: the module docstring becomes the opening Markdown cell,
the code is split into one code cell per top-level definition (imports and constants
together, then each function or class, then the demo), and a last cell,
`from grader import check; check("<stem>")`, checks what the kernel has run
(grader.student.jupyter). The code of the cells is the stub's code, line for line: a filled-in
notebook grades exactly as the `.py` with the same code does (the grader reads code
cells in order and skips the grader's own import and call, grader.student.grading_service).
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
from nbformat import v4

DEMO_TAGS = ["raises-exception"]  # nbclient/nbconvert: an unfinished demo may fail


def from_source(source: str, stem: str, filename: str | None = None) -> nbformat.NotebookNode:
    """The notebook for exercise `stem` from its stub's Python source.

    `filename` is what the last cell checks (default `<stem>.ipynb`).
    """
    tree = ast.parse(source)
    docstring = ast.get_docstring(tree, clean=True)
    cells = [v4.new_markdown_cell(_intro(docstring, stem))]
    for chunk, is_demo in code_chunks(source, tree):
        if is_demo:
            cells.append(v4.new_markdown_cell(
                "Try it: the cell below runs the demo once your code works."))
            cells.append(v4.new_code_cell(chunk, metadata={"tags": list(DEMO_TAGS)}))
        else:
            cells.append(v4.new_code_cell(chunk))
    cells += check_cells(filename or f"{stem}.ipynb", stem)
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def check_cells(filename: str, stem: str | None = None) -> list[nbformat.NotebookNode]:
    """The closing Markdown note and the cell that checks what ran in the kernel."""
    stem = stem or Path(filename).stem
    note = ("## Check your work\n\n"
            "Run your cells, then the cell below: it runs the public tests on the code this "
            "notebook has run (no need to save first) and shows the feedback here. "
            f'`hint("{stem}")` gives a hint, `submit("{stem}")` runs the full suite '
            f"(`from grader import hint, submit`); in a terminal, `grade check {filename}` "
            "checks the saved file.")
    return [v4.new_markdown_cell(note), v4.new_code_cell(check_call(stem))]


def check_call(stem: str) -> str:
    """The last cell of a generated notebook (grader.student.jupyter grades in its own process)."""
    return f'from grader import check; check("{stem}")'


def code_chunks(source: str, tree: ast.Module | None = None) -> list[tuple[str, bool]]:
    """The source after the module docstring, split at top-level statements.

    Consecutive imports and assignments stay together; each function, class or other
    statement gets its own chunk, with the comments just above it. Returns
    `(code, is_demo)` pairs, `is_demo` for `if __name__ == "__main__":` blocks.
    """
    tree = tree or ast.parse(source)
    lines = source.splitlines()
    body = list(tree.body)
    if body and _is_docstring(body[0]):
        start = body.pop(0).end_lineno
    else:
        start = 0
    groups: list[list[ast.stmt]] = []
    for node in body:
        if groups and _is_setup(node) and all(_is_setup(item) for item in groups[-1]):
            groups[-1].append(node)
        else:
            groups.append([node])
    chunks = []
    for group in groups:
        end = group[-1].end_lineno
        text = "\n".join(lines[start:end]).strip("\n")
        start = end
        if text.strip():
            chunks.append((text, _is_demo(group[0])))
    trailing = "\n".join(lines[start:]).strip("\n")
    if trailing.strip() and chunks:  # comments after the last statement
        code, demo = chunks[-1]
        chunks[-1] = (f"{code}\n{trailing}", demo)
    return chunks


def write(notebook: nbformat.NotebookNode, path: str | Path) -> None:
    """Write `notebook` to a new file at `path` (never over an existing one)."""
    nbformat.validate(notebook)
    with open(path, "x", encoding="utf-8") as handle:
        nbformat.write(notebook, handle)


def _intro(docstring: str | None, stem: str) -> str:
    """The opening Markdown: the docstring's first line as the title, the rest as is
    (its `Section\\n-------` underlines and indented code read as Markdown)."""
    if not docstring:
        return f"# Exercise `{stem}`"
    first, _, rest = docstring.partition("\n")
    return f"# {first.strip()}\n{rest}".rstrip() + "\n"


def _is_docstring(node: ast.stmt) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def _is_setup(node: ast.stmt) -> bool:
    return isinstance(node, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign))


def _is_demo(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":`"""
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")
