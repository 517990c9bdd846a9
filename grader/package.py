"""The installed package itself: its version and its folder. Every layer may read these;
`grader/__init__.py` (the notebook API) imports the student's tools, so nothing below it
imports from `grader` directly."""

from pathlib import Path

__version__ = "0.1.0"
PACKAGE_DIR = Path(__file__).resolve().parent  # the `grader` folder, installed or checked out
