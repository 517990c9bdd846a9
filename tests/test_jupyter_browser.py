"""The report fitted to a notebook cell, in a real browser (headless Chromium).

`report.html_fragment` is what check() displays below a cell. Here two fragments (a
failing and a passing result) are placed, as a front end places outputs, inside a
host page with styles of its own (a tinted background, its own headings), and loaded
with the same Chromium run as tests/test_reports_browser.py: no console errors, no
network requests, the report's sections in the DOM, a painted screenshot (kept as an
artifact), and the host page's own look untouched by the report's CSS: its background
still fills the space beside the report, and its heading keeps its colour.
"""

from __future__ import annotations

import numpy as np

from grader.reports import pages, report
from test_reports import Page
from test_reports_browser import (  # noqa: F401 (fixtures)
    _count, _failing, _load, _passing, _pixels, artifacts, chromium)

HOST_BACKGROUND = "#f0e0d0"  # in no report palette: only the host page paints it
HOST_HEADING = "#6a1b9a"


def _host_page(*fragments: str) -> str:
    """A page shaped like a notebook: each fragment in its own output area."""
    outputs = "".join(f'<div class="jp-OutputArea-output">{fragment}</div>'
                      for fragment in fragments)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>notebook</title><style>"
            f"body {{ background: {HOST_BACKGROUND}; margin: 0; font: 14px sans-serif; }}"
            f"h2.host {{ color: {HOST_HEADING}; font-size: 40px; }}"
            ".jp-OutputArea-output { padding: 8px; }</style></head><body>"
            '<h2 class="host">In [3]: check("rmsprop")</h2>'
            f"{outputs}</body></html>")


def test_the_cell_report_renders_in_chromium_without_restyling_the_page(
        chromium, artifacts, tmp_path):
    html = artifacts / "notebook-fragment.html"
    html.write_text(_host_page(report.html_fragment(_failing()),
                               report.html_fragment(_passing())), encoding="utf-8")
    loaded = _load(chromium, html, tmp_path, artifacts / "notebook-fragment.png")
    assert loaded.console == [], "\n".join(loaded.console)
    assert loaded.requests == [], loaded.requests

    page = Page(loaded.dom)
    reports = page.find("div", class_="torchgrade-report")
    assert len(reports) == 2
    ids = [section["attrs"].get("id").rsplit("-", 1)[0] for section in page.find("section")]
    assert ids.count("misconceptions") == 1 and ids.count("tests") == 2, ids
    every_id = [element["attrs"]["id"] for element in page.elements if "id" in element["attrs"]]
    assert len(every_id) == len(set(every_id)), "an id repeats in the page"
    assert not page.find("script") and not page.find("img") and not page.find("link")

    pixels = _pixels(loaded.screenshot)
    assert len(np.unique(pixels)) > 50, "the page looks blank"
    assert _count(pixels, pages.PALETTE["info"]) > 500  # the score bars' fill
    assert _count(pixels, pages.PALETTE["bad_bg"]) > 0  # the failing test's badge
    assert _count(pixels, pages.PALETTE["good_bg"]) > 0  # a passed test's badge
    beside = _pixels_right_of(loaded.screenshot, 1100)
    assert _count(beside, HOST_BACKGROUND) > 0.9 * beside.size, \
        "the report's CSS repainted the host page's background"
    assert _count(pixels, HOST_HEADING) > 50, "the host page's heading lost its colour"


def _pixels_right_of(path, x: int) -> np.ndarray:
    """The screenshot's pixels in the columns from `x` on (beside a 60rem-wide report)."""
    from PIL import Image

    with Image.open(path) as image:
        rgb = np.asarray(image.convert("RGB"), dtype=np.uint32)[:, x:, :].reshape(-1, 3)
    return (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]
