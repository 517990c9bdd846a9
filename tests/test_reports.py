"""Feedback reports: structural checks of the HTML, Markdown and terminal renderings.

No snapshots: the HTML is parsed with html.parser and its sections, numbers, escaping
and accessibility are checked; the Markdown by its lines. Results are built by hand
(graded with failures and a misconception, not implemented, syntax error, training)
plus one real result graded from tests/submissions/.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.reports import files, markdown, pages, report, report_view, training_view
from grader.cli import main
from grader.judge.plugin import NOT_IMPLEMENTED
from grader.result import CaseResult, Misconception, SubmissionResult

SUBMISSIONS = Path(__file__).parent / "submissions"
EPS_INSIDE_SQRT = SUBMISSIONS / "rmsprop" / "eps_inside_sqrt.py"
PRINTS_MARKUP = SUBMISSIONS / "reports" / "rmsprop" / "prints_markup.py"  # prints <script>
SCRIPT = "<script>alert(1)</script>"
HIDDEN_MESSAGE = "param differs at index (0,): got 0.5, expected 0.25 (secret numbers)"
PUBLIC_MESSAGE = ("param differs at index (2,): got 0.0897309, expected 0.375149 "
                  "(6 of 6 values off) <b>not bold</b> *not italic* | no column")


# ----------------------------------------------------------------------------- results

def _result(**changes) -> SubmissionResult:
    values = dict(exercise="rmsprop", file="hw3_rmsprop.py", sha256="ab12" * 16, score=5.0,
                  max_score=10.0, status="graded", gradable=True, grader_version="0.1.0",
                  graded_at="2026-01-02T03:04:05+00:00", duration_s=1.25)
    return SubmissionResult(**{**values, **changes})


@pytest.fixture
def graded() -> SubmissionResult:
    """Failures in a public and a hidden test, one misconception, hostile output."""
    mismatch = {"what": "param", "index": [2], "got": 0.0897308960556984,
                "expected": 0.37514907121658325, "max_abs_error": 0.28541817516088486,
                "max_rel_error": 3.0374265924376367, "mismatched": 6, "total": 6,
                "rtol": 1e-4, "atol": 1e-9,
                "inputs": {"lr": "0.01", "grad": "tensor([1e-06, 2e-06, 3e-06])"}}
    return _result(
        tests=[CaseResult("test_one_step", 3.0, 3.0, "passed", "public", hint="One step."),
               CaseResult("test_tiny_gradients", 0.0, 2.0, "failed", "public",
                          PUBLIC_MESSAGE, "Gradients of about 1e-6.", mismatch),
               CaseResult("test_hidden_float64", 0.0, 3.0, "failed", "hidden",
                          HIDDEN_MESSAGE, "A 0-d float64 parameter over 25 steps.",
                          {"what": "param", "index": [0], "got": 0.5, "expected": 0.25,
                           "max_abs_error": 0.25, "max_rel_error": 1.0, "mismatched": 1,
                           "total": 1}),
               CaseResult("test_in_place", 2.0, 2.0, "passed", "hidden", hint="In place.")],
        misconceptions=[Misconception(
            "rmsprop.eps_inside_sqrt", "eps inside the square root: divide by "
            "`sqrt(v) + eps`, not `sqrt(v + eps)`.", "eps inside the square root",
            ["test_tiny_gradients", "test_hidden_float64"])],
        output=f"step 1\n{SCRIPT}\n```\n\x1b[2Jcleared?\n", output_truncated_bytes=12345)


@pytest.fixture
def not_implemented() -> SubmissionResult:
    return _result(score=0.0, status="not_implemented",
                   message="nothing is implemented yet: every test reached a NotImplementedError",
                   tests=[CaseResult("test_public_stub", 0.0, 5.0, "failed", "public",
                                     NOT_IMPLEMENTED, "A public step.", {"not_implemented": True}),
                          CaseResult("test_hidden_stub", 0.0, 5.0, "failed", "hidden",
                                     NOT_IMPLEMENTED, "A hidden step.", {"not_implemented": True})])


@pytest.fixture
def syntax_error() -> SubmissionResult:
    return _result(score=0.0, status="syntax_error", gradable=False, file="<img src=x>.py",
                   message="SyntaxError at line 1: invalid syntax\n    def f(:\n          ^")


LOSSES = [2.3 * 0.9 ** step for step in range(49)] + [float("nan")]


@pytest.fixture
def training() -> SubmissionResult:
    return _result(exercise="mlp", score=10.0, device="cuda",
                   tests=[CaseResult("test_reaches_target", 10.0, 10.0, "passed", "hidden")],
                   training={"losses": LOSSES, "accuracy": 0.9312, "target": 0.9,
                             "device": "cuda", "train_seconds": 12.345, "seed": 1234,
                             "formula": "points = 10 if accuracy >= target"})


@pytest.fixture(scope="module")
def real() -> SubmissionResult:
    from grader.judge.runner import grade

    return grade(EPS_INSIDE_SQRT, "rmsprop")


ALL = ("graded", "not_implemented", "syntax_error", "training", "real")


# ----------------------------------------------------------------------------- HTML parsing

class Page(HTMLParser):
    """The elements of an HTML page: tag, attributes, all text inside, ancestors."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "col", "area", "base", "wbr", "source"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html, self.elements, self.comments, self._open = html, [], [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "ancestors": list(self._open)}
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open and self._open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def handle_comment(self, data):
        self.comments.append(data)

    def find(self, tag: str | None = None, inside: dict | None = None, **attrs) -> list[dict]:
        return [e for e in self.elements if (tag is None or e["tag"] == tag)
                and all(e["attrs"].get(k.rstrip("_").replace("_", "-")) == v
                        for k, v in attrs.items())
                and (inside is None or any(a is inside for a in e["ancestors"]))]

    def one(self, tag: str | None = None, inside: dict | None = None, **attrs) -> dict:
        found = self.find(tag, inside, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def classes(self, element: dict) -> set[str]:
        return set(element["attrs"].get("class", "").split())


def _html(result: SubmissionResult) -> Page:
    return Page(report.render(result, "html"))


def _case(page: Page, name: str) -> dict:
    return page.one("article", data_test=name)


# ----------------------------------------------------------------------------- HTML

def test_html_has_its_sections_and_formatted_numbers(graded):
    page = _html(graded)
    assert page.one("html")["attrs"]["lang"] == "en"
    assert page.one("meta", name="generator")["attrs"]["content"].startswith("TorchGrade 0.1.0")
    assert "rmsprop" in page.one("h1")["text"]
    for section in ("score", "misconceptions", "tests", "output"):
        assert page.find("section", id=section), section
    score = page.one("section", id="score")
    assert "5 / 10" in page.one("strong", inside=score)["text"]
    assert "50 %" in score["text"]
    assert page.one("rect", inside=score, class_="fill")["attrs"]["width"] == "50.0"
    assert "graded" in page.one("p", id="status")["text"]
    assert "2 of 4 tests passed" in page.one("section", id="tests")["text"]
    assert _case(page, "test_one_step")["text"].count("3 / 3") == 1
    footer = page.one("footer")["text"]
    assert graded.sha256 in footer and "TorchGrade 0.1.0" in footer
    assert "2026-01-02T03:04:05+00:00" in footer
    assert "12,345 more bytes" in page.one("section", id="output")["text"]


@pytest.mark.parametrize("name", ALL)
def test_html_headings_descend_one_level_at_a_time(name, request):
    page = _html(request.getfixturevalue(name))
    levels = [int(e["tag"][1]) for e in page.elements if re.fullmatch(r"h[1-6]", e["tag"])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:])), levels


def test_misconceptions_come_before_the_tests(graded):
    page = _html(graded)
    order = [e["attrs"].get("id") for e in page.find("section")]
    assert order.index("misconceptions") < order.index("tests")
    mistake = page.one("article", data_id="rmsprop.eps_inside_sqrt")
    assert page.one("h3", inside=mistake)["text"] == "eps inside the square root"
    assert "`sqrt(v) + eps`" in mistake["text"]
    assert "test_tiny_gradients, test_hidden_float64" in mistake["text"]


def test_hidden_test_shows_its_hint_not_its_mismatch(graded):
    page = _html(graded)
    hidden = _case(page, "test_hidden_float64")
    assert "A 0-d float64 parameter over 25 steps." in hidden["text"]
    assert "failed" in hidden["text"] and "0 / 3" in hidden["text"]
    assert "differs" not in hidden["text"] and "0.25" not in hidden["text"]
    assert not page.find("table", inside=hidden)
    assert HIDDEN_MESSAGE not in page.html


def test_public_test_shows_inputs_and_a_mismatch_table(graded):
    page = _html(graded)
    public = _case(page, "test_tiny_gradients")
    assert "<b>not bold</b> *not italic*" in page.one("p", inside=public, class_="message")["text"]
    table = page.one("table", inside=public, class_="mismatch")
    headers = [th["text"] for th in page.find("th", inside=table)]
    cells = dict(zip(headers, (td["text"] for td in page.find("td", inside=table))))
    assert cells == {"Value": "param", "Worst index": "(2,)", "Got": "0.0897309",
                     "Expected": "0.375149", "Max abs error": "0.285",
                     "Max rel error": "3.04", "Values off": "6 / 6"}
    inputs = page.one("table", inside=public, class_="inputs")["text"]
    assert "lr" in inputs and "tensor([1e-06, 2e-06, 3e-06])" in inputs


def test_a_shape_clash_is_a_table_of_shapes():
    case = CaseResult("test_shapes", 0.0, 1.0, "failed", "public", "param has the wrong shape",
                      details={"what": "param", "shape": [3], "expected_shape": [3, 4]})
    page = _html(_result(tests=[case]))
    table = page.one("table", inside=_case(page, "test_shapes"), class_="mismatch")
    assert [td["text"] for td in page.find("td", inside=table)] == ["param", "(3,)", "(3, 4)"]


def test_hidden_stub_shows_the_not_implemented_message(not_implemented):
    page = _html(not_implemented)
    assert NOT_IMPLEMENTED in _case(page, "test_hidden_stub")["text"]
    assert "not implemented yet" in page.one("p", id="status")["text"]
    assert "nothing is implemented yet" in page.one("section", id="score")["text"]


def test_syntax_error_keeps_its_caret_and_escapes_the_file_name(syntax_error):
    page = _html(syntax_error)
    pre = page.one("pre", class_="status-message")
    assert "def f(:\n          ^" in pre["text"]
    assert not page.find("img")
    assert "<img src=x>.py" in page.one("code", inside=page.one("header"))["text"]
    assert "no tests ran" in page.one("section", id="tests")["text"]
    assert not page.find("article", class_="card case")


@pytest.mark.parametrize("name", ALL)
def test_html_is_self_contained(name, request):
    page = _html(request.getfixturevalue(name))
    assert not page.find("script") and not page.find("link") and not page.find("iframe")
    for element in page.elements:
        for attribute in ("src", "href", "xlink:href", "action"):
            value = element["attrs"].get(attribute) or ""
            assert not re.match(r"(https?:)?//", value), (element["tag"], value)
    style = page.one("style")["text"]
    assert "@import" not in style and "url(" not in style
    assert not re.search(r"https?://", page.html)


def test_printed_script_appears_only_as_text(graded):
    page = _html(graded)
    assert "<script" not in page.html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.html
    output = page.one("pre", inside=page.one("section", id="output"))["text"]
    assert SCRIPT in output
    assert "\x1b" not in output and "\ufffd[2Jcleared?" in output


def test_training_result_has_an_accessible_loss_plot(training):
    page = _html(training)
    section = page.one("section", id="training")
    svg = page.one("svg", inside=section, class_="plot")
    assert svg["attrs"]["role"] == "img"
    title = page.one("title", inside=svg)
    assert svg["attrs"]["aria-labelledby"] == title["attrs"]["id"]
    assert "loss" in title["text"].lower()
    assert "2.3 at epoch 1" in page.one("desc", inside=svg)["text"]
    points = page.one("polyline", inside=svg)["attrs"]["points"].split()
    finite = [loss for loss in LOSSES if loss == loss]
    assert len(points) == len(finite) == int(svg["attrs"]["data-points"])
    width, height = map(float, svg["attrs"]["viewbox"].split()[2:])  # html.parser lowercases
    xy = [tuple(map(float, point.split(","))) for point in points]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in xy)
    assert [x for x, _ in xy] == sorted(x for x, _ in xy)  # steps go left to right
    assert xy[0][1] < xy[-1][1]  # the loss falls: the line goes down (SVG y grows down)
    labels = [t["text"] for t in page.find("text", inside=svg)]
    assert "Epoch" in labels and "Loss" in labels
    facts = page.one("dl", inside=section)["text"]
    assert "93.1 % (target 90.0 %)" in facts and "reached" in facts
    assert "cuda" in facts and "12.3 s" in facts and "1234" in facts
    assert "points = 10 if accuracy &gt;= target" in page.html


def test_a_long_loss_curve_is_thinned_to_the_cap(training):
    training.training["losses"] = [1.0 / (step + 1) for step in range(5000)]
    plot = report_view.build_view(training).training.plot
    assert plot.count <= training_view.MAX_PLOT_POINTS + 1
    assert plot.points.split()[-1].startswith(f"{plot.right:.1f},")  # the last step is kept


def _luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of #rrggbb."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_wcag_formula_matches_known_ratios():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("foreground, background, minimum", pages.CONTRAST_PAIRS)
def test_palette_passes_wcag_aa(foreground, background, minimum):
    ratio = _contrast(pages.PALETTE[foreground], pages.PALETTE[background])
    assert ratio >= minimum, f"{foreground} on {background}: {ratio:.2f} < {minimum}"


def test_the_page_uses_only_palette_colours(graded):
    style = _html(graded).one("style")["text"]
    used = set(re.findall(r"#[0-9a-fA-F]{3,8}\b", style))
    assert used and used <= set(pages.PALETTE.values())
    checked = {pages.PALETTE[name] for pair in pages.CONTRAST_PAIRS for name in pair[:2]}
    assert used - {pages.PALETTE["grid"]} <= checked  # grid lines are decoration


def test_real_result_renders_score_misconception_and_hints(real):
    page = _html(real)
    assert "6 / 10" in page.one("strong", inside=page.one("section", id="score"))["text"]
    assert page.find("article", data_id="rmsprop.eps_inside_sqrt")
    for case in real.tests:
        article = _case(page, case.name)
        assert case.hint in article["text"]
        if case.visibility == "hidden" and case.outcome != "passed":
            assert not {"got", "expected", "index", "inputs"} & set(case.details)
            assert not page.find("table", inside=article)
    assert real.sha256 in page.one("footer")["text"]


# ----------------------------------------------------------------------------- Markdown

def _outside_fences(markdown: str) -> str:
    """The Markdown with its fenced code blocks removed."""
    kept, fence = [], None
    for line in markdown.splitlines():
        opening = re.match(r"^(`{3,})", line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None:
            kept.append(line)
    assert fence is None, "a fenced block is never closed"
    return "\n".join(kept)


def test_markdown_structure(graded):
    markdown = report.render(graded, "md")
    lines = markdown.splitlines()
    assert pages.MARKER in lines[0] and lines[0].startswith("<!--")
    assert lines[1] == "## Feedback: rmsprop"
    assert "**Score: 5 / 10 points** (50 %)" in markdown
    headings = [line for line in lines if line.startswith("#")]
    assert headings.index("### Likely mistakes") < headings.index(
        "### Tests (2 of 4 tests passed)")
    rows = [line for line in lines if line.startswith("| `test_")]
    assert len(rows) == len(graded.tests)
    assert "| `test_tiny_gradients` | public | failed | 0 / 2 |" in rows
    assert "| param | (2,) | 0.0897309 | 0.375149 | 0.285 | 3.04 | 6 / 6 |" in lines
    assert "- `grad` = `tensor([1e-06, 2e-06, 3e-06])`" in lines
    assert "A 0-d float64 parameter over 25 steps." in markdown
    assert "secret numbers" not in markdown
    assert graded.sha256 in lines[-1]


def test_markdown_escapes_what_came_from_the_submission(graded):
    markdown = report.render(graded, "md")
    prose = _outside_fences(markdown)
    assert "<b>" not in prose and "&lt;b&gt;not bold&lt;/b&gt;" in prose
    assert r"\*not italic\*" in prose and r"\| no column" in prose
    assert "<script" not in prose
    assert f"````text\nstep 1\n{SCRIPT}\n```\n" in markdown  # the fence outgrows ```
    assert "\x1b" not in markdown


def test_markdown_of_a_syntax_error_keeps_the_caret_in_a_block(syntax_error):
    markdown = report.render(syntax_error, "md")
    assert "```text\nSyntaxError at line 1: invalid syntax\n    def f(:\n          ^\n```" \
        in markdown
    assert "`<img src=x>.py`" in markdown  # a code span shows it literally
    assert "<img" not in _outside_fences(markdown).replace("`<img src=x>.py`", "")


def test_markdown_training_summary(training):
    markdown = report.render(training, "md")
    assert "### Training" in markdown
    assert "- Accuracy: 93\\.1 % (target 90\\.0 %): **reached**" not in markdown
    assert "- Accuracy: 93.1 % (target 90.0 %): **reached**" in markdown
    assert "1 non-finite value not drawn" in markdown


@pytest.mark.parametrize("text, escaped", [
    ("- not a list", r"\- not a list"), ("1. not a list", r"1\. not a list"),
    ("0.5", "0.5"), ("-0.5", "-0.5"), ("a_b*c", r"a\_b\*c"), ("x < y & z", "x &lt; y &amp; z"),
    ("two\nlines", "two lines"), ("[link](http://x)", r"\[link\](http://x)")])
def test_md_escape(text, escaped):
    assert markdown.md_escape(text) == escaped


def test_md_code_outgrows_backticks():
    assert markdown.md_code("a`b") == "``a`b``"
    assert markdown.md_code("`x`") == "`` `x` ``"


# ----------------------------------------------------------------------------- terminal

def test_text_report_is_plain_without_colour(graded):
    text = report.text_report(graded, color=False)
    assert "\x1b" not in text
    assert text.index("Likely mistakes") < text.index("Tests:")
    assert "5 / 10 points" in text and "[##########----------] 50 %" in text
    assert "hint: A 0-d float64 parameter over 25 steps." in text
    assert "secret numbers" not in text
    assert "input grad = tensor([1e-06, 2e-06, 3e-06])" in text
    assert "12,345 more bytes" in text


def test_text_report_colours_on_request_but_never_obeys_submitted_escapes(graded):
    text = report.text_report(graded, color=True)
    assert "\x1b[31m" in text and "\x1b[0m" in text
    assert "\x1b[2J" not in text


@pytest.mark.parametrize("tty, no_color, coloured", [
    (True, None, True), (False, None, False), (True, "1", False)])
def test_text_report_colour_follows_the_terminal_and_no_color(graded, monkeypatch, tty,
                                                               no_color, coloured):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty, raising=False)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert ("\x1b[" in report.text_report(graded)) is coloured


def test_text_report_of_training_and_syntax_error(training, syntax_error):
    text = report.text_report(training, color=False)
    assert "accuracy: 93.1 % (target 90.0 %): reached" in text
    assert "loss: 2.3 at epoch 1" in text
    text = report.text_report(syntax_error, color=False)
    assert "[syntax error]" in text and "          ^" in text and "Tests" not in text


# ----------------------------------------------------------------------------- files

def test_write_report_picks_the_format_by_suffix(graded, tmp_path):
    for name, start in (("r.html", "<!DOCTYPE html>"), ("r.htm", "<!DOCTYPE html>"),
                        ("r.md", "<!-- torchgrade-report"), ("r.txt", "rmsprop")):
        path = report.write_report(graded, tmp_path / name)
        assert path.read_text(encoding="utf-8").startswith(start), name
        assert report.is_report(path)
    assert sorted(os.listdir(tmp_path)) == ["r.htm", "r.html", "r.md", "r.txt"]  # no temp files


def test_write_report_never_overwrites_a_users_file_silently(graded, tmp_path):
    mine = tmp_path / "notes.html"
    mine.write_text("my own notes", encoding="utf-8")
    with pytest.raises(report.ReportError, match="not a TorchGrade report"):
        report.write_report(graded, mine)
    assert mine.read_text(encoding="utf-8") == "my own notes"
    report.write_report(graded, mine, force=True)
    assert report.is_report(mine)
    graded.score = 7.0
    report.write_report(graded, mine)  # a previous report is replaced without --force
    assert "7 / 10" in mine.read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == ["notes.html"]


def test_write_report_rejects_folders_and_missing_folders(graded, tmp_path):
    with pytest.raises(report.ReportError, match="is a folder"):
        report.write_report(graded, tmp_path)
    with pytest.raises(report.ReportError, match="does not exist"):
        report.write_report(graded, tmp_path / "missing" / "r.html")


def test_a_file_that_only_mentions_the_marker_is_not_a_report(graded, tmp_path):
    for name, text in (("notes.md", f"# my notes\nabout {pages.MARKER} files\n"),
                       ("page.html", f"<p>{pages.MARKER}</p>\n"),
                       ("log.txt", f"saw {pages.MARKER}\n")):
        mine = tmp_path / name
        mine.write_text(text, encoding="utf-8")
        assert not report.is_report(mine)
        with pytest.raises(report.ReportError):
            report.write_report(graded, mine)
        assert mine.read_text(encoding="utf-8") == text


def test_a_failed_write_is_a_one_line_error_and_leaves_no_temporary_file(graded, tmp_path,
                                                                         monkeypatch):
    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(files.os, "replace", disk_full)
        with pytest.raises(report.ReportError,
                           match=r"^cannot write .*r\.html: No space left on device$"):
            report.write_report(graded, tmp_path / "r.html")
    assert os.listdir(tmp_path) == []


def test_load_result_round_trips(graded, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(graded.to_json(), encoding="utf-8")
    assert report.render(report.load_result(path), "md") == report.render(graded, "md")


# ----------------------------------------------------------------------------- CLI

def test_cli_submit_writes_a_report_and_report_rerenders_the_json(tmp_path):
    """A real submission that prints <script>, a ``` fence and a terminal escape,
    graded once, then shown in every format: all of it as text."""
    runner = CliRunner()
    html, saved = tmp_path / "feedback.html", tmp_path / "r.json"
    result = runner.invoke(main, ["submit", str(PRINTS_MARKUP), "-e", "rmsprop", "--json",
                                  "--report", str(html)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["score"] == 6.0  # stdout stays exactly the JSON
    assert "report written to" in result.stderr
    page = Page(html.read_text(encoding="utf-8"))
    assert "6 / 10" in page.one("strong", inside=page.one("section", id="score"))["text"]
    assert page.find("article", data_id="rmsprop.eps_inside_sqrt")
    assert "<script" not in page.html.lower() and not page.find("script")
    output = page.one("pre", inside=page.one("section", id="output"))["text"]
    assert "<script>alert('pwned')</script>" in output and "\x1b" not in output
    saved.write_text(result.stdout, encoding="utf-8")
    out = tmp_path / "out.md"
    result = runner.invoke(main, ["report", str(saved), "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    markdown = out.read_text(encoding="utf-8")
    assert "## Feedback: rmsprop" in markdown
    prose = _outside_fences(markdown)
    assert "<script" not in prose and "# not a heading" not in prose
    result = runner.invoke(main, ["report", str(saved)])
    assert result.exit_code == 0 and "6 / 10 points" in result.stdout
    assert "<script>alert('pwned')</script>" in result.stdout
    assert "\x1b" not in result.stdout  # not a terminal: plain, and the escape is defused
    result = runner.invoke(main, ["report", str(saved), "--format", "html"])
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "<script" not in result.stdout.lower()


def test_cli_submit_refuses_a_users_file_before_grading(tmp_path):
    mine = tmp_path / "notes.md"
    mine.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(EPS_INSIDE_SQRT), "-e", "rmsprop",
                                       "--report", str(mine)])
    assert result.exit_code == 2 and "not a TorchGrade report" in result.output
    assert "Tests" not in result.output and mine.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("content, reason", [
    (None, "no such file"), ("{not json", "not JSON"), ("[1, 2]", "not a TorchGrade result"),
    ('{"exercise": "rmsprop"}', "not a TorchGrade result"), (b"\xff\xfe", "not UTF-8")])
def test_cli_report_bad_input_is_one_line_and_exit_2(tmp_path, content, reason):
    path = tmp_path / "r.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert reason in result.output and "Traceback" not in result.output


def test_cli_report_refuses_to_overwrite_without_force(graded, tmp_path):
    saved, mine = tmp_path / "r.json", tmp_path / "notes.txt"
    saved.write_text(graded.to_json(), encoding="utf-8")
    mine.write_text("mine", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(saved), "-o", str(mine)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert mine.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(main, ["report", str(saved), "-o", str(mine), "--force"])
    assert result.exit_code == 0 and report.is_report(mine)


def test_grade_report_process_exits_2_without_a_traceback(tmp_path):
    """The real command in its own process: stderr is one line, no traceback."""
    bad = tmp_path / "r.json"
    bad.write_text("{not json", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "grader.cli", "report", str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1
    assert "not JSON" in run.stderr and "Traceback" not in run.stderr
