"""The architecture, checked: the import contracts of pyproject.toml's [tool.importlinter]
(run by import-linter, as `lint-imports` would), what no import graph of grader/ can show
(grader.solutions and grader.exercises live outside it), the one module suites and
mutants import from, and the size of every module.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "grader"
WORKER_SIDE = PACKAGE / "engine" / "worker_side"
MAX_MODULE_LINES = 400
AUTHORS_API = "grader.judge.api"

pytest.importorskip("importlinter")


def _lint_imports(project: Path, contract: str) -> subprocess.CompletedProcess:
    """import-linter's check of one contract (by its id in pyproject.toml) on the
    `grader` package found in `project` (lint-imports puts the folder first on sys.path)."""
    script = ("import sys; from importlinter.cli import lint_imports; "
              f"sys.exit(lint_imports(limit_to_contracts=({contract!r},), no_cache=True, "
              "no_logo=True))")
    return subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("contract", ["worker-side", "no-cycles", "layers"])
def test_import_contract_is_kept(contract):
    """worker-side: the student's process imports nothing of grader but grader.wire;
    no-cycles: no import cycle between the modules or packages of any one package."""
    checked = _lint_imports(ROOT, contract)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_worker_side_import_of_the_judge_breaks_the_contract(tmp_path):
    """The check above can fail: a copy of the project whose worker imports the judge."""
    shutil.copytree(PACKAGE, tmp_path / "grader",
                    ignore=shutil.ignore_patterns("__pycache__", "demo_class"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    worker = tmp_path / "grader" / "engine" / "worker_side" / "worker.py"
    worker.write_text(worker.read_text() + "\nfrom grader.judge import compare  # noqa\n")
    checked = _lint_imports(tmp_path, "worker-side")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "grader.engine.worker_side.worker -> grader.judge.compare" in checked.stdout


def _grader_imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import of `grader` or below in a file: for `from
    grader import x`, the name `grader.x` (x may be a module)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "grader":
                found += [(node.lineno, f"grader.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "grader"]


def _within(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def test_the_worker_side_names_nothing_outside_the_wire_even_outside_the_graph():
    """grader.solutions and grader.exercises (and the notebook API in grader itself)
    are invisible to the import graph of grader/: read the worker side's imports."""
    wrong = [f"{path.relative_to(ROOT)}:{line}: {name}"
             for path in sorted(WORKER_SIDE.rglob("*.py"))
             for line, name in _grader_imports(path)
             if not _within(name, "grader.wire", "grader.engine.worker_side")]
    assert not wrong, "the worker side imports the trusted side:\n" + "\n".join(wrong)


def _authors_files() -> list[Path]:
    courses = ROOT / "tests" / "courses"
    return sorted([*(PACKAGE / "suites").glob("*.py"), *(PACKAGE / "mutants").glob("*.py"),
                   *courses.rglob("suites/*.py"), *courses.rglob("mutants/*.py")])


def test_suites_and_mutants_import_from_the_authors_api_only():
    """Built-in and course suites and mutants import from grader.judge.api (or share a
    built-in suite's or mutants module's code), nothing else of grader."""
    files = _authors_files()
    assert len(files) > 30
    wrong = [f"{path.relative_to(ROOT)}:{line}: {name}" for path in files
             for line, name in _grader_imports(path)
             if not _within(name, AUTHORS_API, "grader.suites", "grader.mutants")]
    assert not wrong, f"import these from {AUTHORS_API}:\n" + "\n".join(wrong)


def test_the_scaffold_templates_import_from_the_authors_api_only():
    templates = sorted((PACKAGE / "authoring" / "templates").glob("*.py.j2"))
    lines = [line for path in templates for line in path.read_text().splitlines()
             if re.match(r"(from grader\S* import |import grader)", line)]
    assert lines and all(line.startswith(f"from {AUTHORS_API} import") for line in lines), lines


def test_no_module_is_over_400_lines():
    sizes = {path.relative_to(ROOT): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    over = sorted(f"{path}: {count} lines" for path, count in sizes.items()
                  if count > MAX_MODULE_LINES)
    assert not over, "split these into modules of one concern each:\n" + "\n".join(over)
