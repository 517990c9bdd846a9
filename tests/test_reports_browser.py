"""The HTML report in a real browser: headless Chromium loads it from a file URL.

For a failing, a passing and a training result (plus a long, thinned loss curve) the
report is written with `report.write_report` and opened with the `chromium` CLI once:
`--dump-dom` gives the DOM as Chromium parsed it (checked with the html.parser `Page` of
tests/test_reports.py: sections, the loss plot's polyline point count, the submission's
`<script>` still text), `--screenshot` a 1280x2400 PNG (kept as a test artifact, under
$TORCHGRADE_ARTIFACTS or pytest's tmp_path, and checked to be painted), stderr with
`--enable-logging=stderr --v=0` the page's console messages (the report has no script,
so any console message is an error), and `--log-net-log` every network request (none
may come from the page). A control page with a console error and an external image
proves these checks can fail. Skipped, with the reason, only when Chromium is absent.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from grader.reports import pages, report
from grader.result import CaseResult, Misconception
from test_reports import LOSSES, PUBLIC_MESSAGE, SCRIPT, Page, _result

TIMEOUT_S = 60
WINDOW = (1280, 2400)
BROWSERS = ("chromium", "chromium-browser")  # Debian's package; Ubuntu's name
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
         "--v=0", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", f"--window-size={WINDOW[0]},{WINDOW[1]}"]
# What the page itself reports on stderr: console.* calls ("INFO:CONSOLE:3]" in
# Chromium 150, "INFO:CONSOLE(3)]" before), uncaught exceptions, failed file loads.
# Everything else there (the Debian wrapper's `[: unexpected operator`, dbus, vaapi,
# sandbox warnings) is the browser process talking about the machine, not the page.
PAGE_ERROR = re.compile(r":CONSOLE[:(]|Uncaught|Failed to load resource|net::ERR_\w+.*file:")
URL_ATTRS = ("src", "href", "xlink:href", "srcset", "action", "poster", "data",
             "formaction", "background")


# ----------------------------------------------------------------------------- results

def _failing():
    """Public and hidden failures, a misconception and output that prints <script>."""
    mismatch = {"what": "param", "index": [2], "got": 0.0897308960556984,
                "expected": 0.37514907121658325, "max_abs_error": 0.28541817516088486,
                "max_rel_error": 3.0374265924376367, "mismatched": 6, "total": 6,
                "inputs": {"lr": "0.01", "grad": "tensor([1e-06, 2e-06, 3e-06])"}}
    return _result(
        tests=[CaseResult("test_one_step", 3.0, 3.0, "passed", "public", hint="One step."),
               CaseResult("test_tiny_gradients", 0.0, 2.0, "failed", "public",
                          PUBLIC_MESSAGE, "Gradients of about 1e-6.", mismatch),
               CaseResult("test_hidden_float64", 0.0, 3.0, "failed", "hidden",
                          "param differs (secret numbers)", "A 0-d float64 parameter.",
                          {"got": 0.5, "expected": 0.25}),  # as an older grader saved it
               CaseResult("test_in_place", 2.0, 2.0, "passed", "hidden", hint="In place.")],
        misconceptions=[Misconception(
            "rmsprop.eps_inside_sqrt", "divide by `sqrt(v) + eps`, not `sqrt(v + eps)`.",
            "eps inside the square root", ["test_tiny_gradients", "test_hidden_float64"])],
        output=f"step 1\n{SCRIPT}\n")


def _passing():
    return _result(score=10.0, tests=[
        CaseResult("test_one_step", 5.0, 5.0, "passed", "public", hint="One step."),
        CaseResult("test_in_place", 5.0, 5.0, "passed", "hidden", hint="In place.")])


def _training(losses):
    return _result(exercise="mlp", file="hw4_mlp.py", score=10.0, device="cuda",
                   tests=[CaseResult("test_reaches_target", 10.0, 10.0, "passed", "hidden")],
                   training={"losses": losses, "accuracy": 0.9312, "target": 0.9,
                             "device": "cuda", "train_seconds": 12.345, "seed": 1234})


# name -> (result, sections present, sections absent, polyline points expected)
CASES = {
    "failing": (_failing, {"score", "misconceptions", "tests", "output"}, {"training"}, 0),
    "passing": (_passing, {"score", "tests"}, {"misconceptions", "output", "training"}, 0),
    # 50 losses, the last NaN: the 49 finite ones are drawn.
    "training": (lambda: _training(LOSSES), {"score", "tests", "training"},
                 {"misconceptions"}, 49),
    # 5000 steps thinned to every 10th (500 points) plus the last step: 501.
    "training_long": (lambda: _training([1.0 / (s + 1) for s in range(5000)]),
                      {"score", "tests", "training"}, {"misconceptions"}, 501),
}


# ----------------------------------------------------------------------------- browser

@dataclass
class Loaded:
    dom: str
    console: list[str]  # the page's console messages / load errors from stderr
    requests: list[str]  # URLs the page asked the network for
    screenshot: Path
    stderr: str


def _find_chromium() -> str:
    """The browser's path; skips the caller, with the reason, when there is none."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed (no `chromium` on PATH; .ci/run installs "
                "Debian's chromium package): the real-browser report test cannot run")


@pytest.fixture(scope="module")
def chromium() -> str:
    return _find_chromium()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = os.environ.get("TORCHGRADE_ARTIFACTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("browser-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _run(command: list[str]) -> subprocess.CompletedProcess:
    """Run Chromium in its own process group; on timeout kill that group (the Debian
    wrapper execs the browser, whose zygote and renderers are its children)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True, errors="replace",
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"Chromium did not finish within {TIMEOUT_S} s:\n{stderr[-3000:]}")
    finally:
        try:  # nothing of it may outlive the test (a renderer left behind, say)
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _page_requests(netlog: Path) -> list[str]:
    """The URLs of the network requests the page (a file:// top frame) started; the
    browser's own background requests have a different network isolation key."""
    text = netlog.read_text(encoding="utf-8", errors="replace") if netlog.exists() else ""
    if not text:
        return []
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # a net log cut short lacks its closing brackets
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [event["params"]["url"] for event in log["events"]
            if event.get("type") == start and str(event["params"].get(
                "network_isolation_key", "")).startswith("file")]


def _load(chromium: str, html: Path, workdir: Path, shot: Path) -> Loaded:
    netlog = workdir / "netlog.json"
    run = _run([chromium, *FLAGS, f"--user-data-dir={workdir / 'profile'}",
                f"--log-net-log={netlog}", f"--screenshot={shot}", "--dump-dom",
                html.resolve().as_uri()])
    assert run.returncode == 0, f"chromium exited {run.returncode}:\n{run.stderr[-3000:]}"
    console = [line for line in run.stderr.splitlines() if PAGE_ERROR.search(line)]
    return Loaded(run.stdout, console, _page_requests(netlog), shot, run.stderr)


@pytest.fixture(scope="module")
def loaded(chromium, artifacts, tmp_path_factory):
    """name -> Loaded, each report written and loaded once, on first use."""
    cache: dict[str, Loaded] = {}

    def get(name: str) -> Loaded:
        if name not in cache:
            workdir = tmp_path_factory.mktemp(f"chromium-{name}")
            html = report.write_report(CASES[name][0](), artifacts / f"report-{name}.html",
                                       force=True)
            cache[name] = _load(chromium, html, workdir, artifacts / f"report-{name}.png")
            (artifacts / f"report-{name}.dom.html").write_text(cache[name].dom, "utf-8")
            (artifacts / f"report-{name}.chromium.log").write_text(cache[name].stderr,
                                                                   "utf-8")
        return cache[name]

    return get


def _references(page: Page) -> list[str]:
    """Every URL the page refers to: attributes and CSS url()/@import."""
    found = [value for element in page.elements for attr, value in element["attrs"].items()
             if attr in URL_ATTRS and value]
    for style in page.find("style"):
        found += re.findall(r"url\(\s*['\"]?([^'\")]*)", style["text"])
        found += re.findall(r"@import\s+['\"]?([^'\";\s]+)", style["text"])
    return found


def _pixels(path: Path) -> np.ndarray:
    """The screenshot's pixels as 0xRRGGBB integers."""
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == WINDOW, (image.format, image.size)
        rgb = np.asarray(image.convert("RGB"), dtype=np.uint32).reshape(-1, 3)
    return (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


def _count(pixels: np.ndarray, colour: str) -> int:
    return int(np.count_nonzero(pixels == int(colour[1:], 16)))


# ----------------------------------------------------------------------------- tests

@pytest.mark.parametrize("name", CASES)
def test_report_renders_in_chromium(name, loaded):
    page_load = loaded(name)
    _, present, absent, points = CASES[name]
    assert page_load.console == [], "the page logged console errors:\n" + \
        "\n".join(page_load.console)
    assert page_load.requests == [], f"the page made network requests: {page_load.requests}"

    page = Page(page_load.dom)
    assert page_load.dom.lstrip().startswith("<!DOCTYPE html>")
    assert pages.MARKER in page.one("meta", name="generator")["attrs"]["content"]
    assert "Feedback:" in page.one("h1")["text"]
    ids = {section["attrs"].get("id") for section in page.find("section")}
    assert present <= ids and not absent & ids, ids
    assert page.one("footer") and "ab12" * 16 in page.one("footer")["text"]
    external = [url for url in _references(page)
                if not (url.startswith("#") or url.startswith("data:"))]
    assert external == [], f"the report refers to outside resources: {external}"
    assert not any(url.lower().startswith(("http:", "https:", "//"))
                   for url in _references(page))
    assert not page.find("script") and not page.find("link") and not page.find("img")

    polylines = page.find("polyline")
    if not points:
        assert polylines == []
        return
    svg = page.one("svg", class_="plot")
    line = page.one("polyline", inside=svg)
    pairs = line["attrs"]["points"].split()
    assert len(pairs) == points, f"{len(pairs)} points drawn, {points} expected"
    assert svg["attrs"]["data-points"] == str(points)
    xs, ys = zip(*((float(x), float(y)) for x, y in (pair.split(",") for pair in pairs)))
    assert all(a < b for a, b in zip(xs, xs[1:])), "steps must go left to right"
    _, _, width, height = map(float, svg["attrs"]["viewbox"].split())
    assert all(0 <= x <= width for x in xs) and all(0 <= y <= height for y in ys)
    assert ys[0] < ys[-1], "the loss falls, so the line ends lower (larger y)"
    assert page.one("title", inside=svg)["text"] == "Training loss per epoch"
    assert f"{points} " in page.one("desc", inside=svg)["text"]
    labels = [t["text"] for t in page.find("text", inside=svg, class_="axis-label")]
    assert labels == ["Epoch", "Loss"]


def test_failing_report_shows_the_submissions_markup_as_text(loaded):
    page = Page(loaded("failing").dom)
    output = page.one("pre", inside=page.one("section", id="output"))["text"]
    assert SCRIPT in output  # the browser parsed it as text, not as an element
    hidden = page.one("article", data_test="test_hidden_float64")
    assert "secret numbers" not in hidden["text"]
    cells = [td["text"] for td in page.find("td", inside=page.one("table", class_="mismatch"))]
    assert cells[:2] == ["param", "(2,)"] and cells[-1] == "6 / 6"


@pytest.mark.parametrize("name", CASES)
def test_screenshot_is_painted(name, loaded):
    """The screenshot is a 1280x2400 PNG showing the report: the score bar's fill, and
    red only where something failed."""
    shot = loaded(name).screenshot
    assert shot.exists() and shot.stat().st_size > 10_000
    pixels = _pixels(shot)
    assert len(np.unique(pixels)) > 50, "the page looks blank"
    assert _count(pixels, pages.PALETTE["info"]) > 500  # the bar's fill (and plot line)
    assert (_count(pixels, pages.PALETTE["bad_bg"]) > 0) is (name == "failing")
    assert _count(pixels, pages.PALETTE["good_bg"]) > 0  # a passed test's badge


def test_the_checks_catch_console_errors_and_outside_requests(chromium, tmp_path):
    """A control page that breaks every rule: the same checks must see it."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>bad</title></head><body><p>bad</p>'
                   '<img src="http://127.0.0.1:9/remote.png" alt="remote">'
                   '<img src="missing.png" alt="missing">'
                   '<script>console.error("control-error"); null.boom();</script>'
                   "</body></html>", encoding="utf-8")
    page_load = _load(chromium, bad, tmp_path, tmp_path / "bad.png")
    console = "\n".join(page_load.console)
    assert "control-error" in console and "Uncaught TypeError" in console, page_load.stderr
    assert page_load.requests == ["http://127.0.0.1:9/remote.png"]
    assert "http://127.0.0.1:9/remote.png" in _references(Page(page_load.dom))


def test_skips_with_a_reason_without_chromium(monkeypatch, tmp_path):
    """No browser on PATH: the fixture skips and says why (it never fails)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    assert all(shutil.which(name) is None for name in BROWSERS)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        _find_chromium()
