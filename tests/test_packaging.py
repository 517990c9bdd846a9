"""What a wheel holds: pyproject.toml lists its packages one by one, so a package folder
missing from the list installs from a checkout (editable) and is absent from a wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def _package_folders() -> set[str]:
    """Every folder of grader/ with an __init__.py, as a dotted name, plus the packages
    pyproject maps from other folders (grader.exercises, grader.solutions)."""
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "grader").rglob("__init__.py")
             if "demo_class" not in init.parts}
    for name, folder in SETUPTOOLS["package-dir"].items():
        if name != "grader":
            assert (ROOT / folder / "__init__.py").is_file(), folder
            found.add(name)
    return found


def test_every_package_is_listed_for_the_wheel():
    listed = set(SETUPTOOLS["packages"])
    assert _package_folders() - listed == set(), "add these to [tool.setuptools] packages"
    assert listed - _package_folders() == set(), "listed but not a package folder"
