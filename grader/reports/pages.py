"""What every page TorchGrade writes shares: its templates, the marker that tells our
files from a user's, and the palette.

PALETTE is dark text on light backgrounds. CONTRAST_PAIRS are the (foreground,
background) pairs the HTML uses, with the WCAG 2.1 AA minimum each must reach (4.5 for
text, 3 for graphics); tests/test_reports.py checks them with the WCAG formula.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"
MARKER = "torchgrade-report"  # in every file we write: what may be overwritten without --force
PALETTE = {
    "text": "#1b1f24", "background": "#ffffff", "muted": "#4a5360", "border": "#8a939e",
    "panel": "#f3f5f7", "good": "#1a6b32", "good_bg": "#e6f4ea", "bad": "#a11a1a",
    "bad_bg": "#fbeaea", "warn": "#7a4a00", "warn_bg": "#fff3dc", "info": "#1f4f8f",
    "info_bg": "#e8f0fa", "bar_track": "#dfe3e8", "grid": "#e3e7ec",
}
TONES = ("good", "bad", "warn", "info")
CONTRAST_PAIRS = (
    [("text", "background", 4.5), ("text", "panel", 4.5), ("muted", "background", 4.5),
     ("muted", "panel", 4.5), ("info", "bar_track", 3.0), ("info", "background", 3.0),
     ("border", "background", 3.0)]
    + [(tone, f"{tone}_bg", 4.5) for tone in TONES]
    + [(tone, "background", 4.5) for tone in TONES])


@functools.cache
def _class_environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def render_page(template: str, view: Any) -> str:
    """A class page (summary.html.j2, student_index.html.j2) for `view`, HTML-escaped."""
    return _class_environment().get_template(template).render(view=view)
