"""The grader's own statements in a notebook, left out when the notebook is graded.

A notebook made by `grade init --notebooks` ends with `from grader import check;
check("rmsprop")`, and students add `hint(...)` or `submit(...)` cells. Graded (as a
file, or as what ran in a kernel), those statements must not run in the worker: there
they would try to grade from inside the student's process. Each top-level statement
that calls a name imported from `grader` (or `check`/`submit`/`hint` of an imported
grader module) becomes `pass`, line for line, so line and cell numbers stay those the
student sees. The imports themselves stay: importing `grader` is light and harmless. Nothing
here runs code: it only parses.
"""

from __future__ import annotations

import ast

CALLS = ("check", "submit", "hint")


def without_grader_calls(cells: list[list[str]]) -> list[list[str]]:
    """The cells (each a list of Python lines, magics already replaced) with the
    grader's calls replaced by `pass`; a cell that does not parse is kept as is."""
    trees = [_parse(lines) for lines in cells]
    names = {"grader"}
    for tree in trees:
        names |= _imported_names(tree)
    return [lines if tree is None else _blanked(lines, tree, names)
            for lines, tree in zip(cells, trees)]


def _parse(lines: list[str]) -> ast.Module | None:
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None


def _imported_names(tree: ast.Module | None) -> set[str]:
    """The names under which `tree` imports grader or its check/submit/hint."""
    names: set[str] = set()
    for node in tree.body if tree else []:
        if isinstance(node, ast.ImportFrom) and _is_grader(node.module):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names
                      if _is_grader(alias.name)}
    return names


def _blanked(lines: list[str], tree: ast.Module, names: set[str]) -> list[str]:
    """`lines` with the grader's calls as `pass`; on a line shared with other
    statements (`x = 1; check("a")`) only the others are kept."""
    text = "\n".join(lines)
    lines = list(lines)
    on_line: dict[int, list[ast.stmt]] = {}
    for node in tree.body:
        for number in range(node.lineno, (node.end_lineno or node.lineno) + 1):
            on_line.setdefault(number, []).append(node)
    for number, nodes in on_line.items():
        ours = [node for node in nodes if _is_grader_statement(node, names)]
        if not ours:
            continue
        others = [ast.get_source_segment(text, node) or "" for node in nodes
                  if node not in ours]
        lines[number - 1] = "; ".join(others) if len(nodes) > 1 and others else "pass"
    return lines


def _is_grader_statement(node: ast.stmt, names: set[str]) -> bool:
    """A call statement (`check("x")`, `r = grader.submit("x")`) of a name imported
    from grader, or of check/submit/hint on an imported grader module."""
    value = getattr(node, "value", None)
    if not isinstance(node, (ast.Expr, ast.Assign)) or not isinstance(value, ast.Call):
        return False
    function = value.func
    if isinstance(function, ast.Name):
        return function.id in names and function.id != "grader"
    return (isinstance(function, ast.Attribute) and function.attr in CALLS
            and isinstance(function.value, ast.Name) and function.value.id in names)


def _is_grader(module: str | None) -> bool:
    return module is not None and (module == "grader" or module.startswith("grader."))
