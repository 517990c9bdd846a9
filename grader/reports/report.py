"""Feedback reports: one SubmissionResult rendered as HTML, Markdown or terminal text.

Renderers only read the result. `build_view` turns it into a ReportView of ready-made
strings: every number is formatted here and every decision about what a student may
see is made here (hidden tests show name, outcome, points, hint and the rule broken:
grader.judge.plugin keeps their inputs and expected values out of the result). The templates
in grader/reports/templates/ only loop and show/hide. Escaping is per format: HTML autoescape,
Markdown a `finalize` hook (what is already safe is a `Markup`), and for every format
control characters from the submission are made visible instead of being obeyed.

    render(result, "html" | "md" | "text")     the report as a string
    text_report(result, color=None)            what `grade submit`/`grade check` print
    html_fragment(result)                      the HTML report fitted to a notebook cell
    write_report(result, path, force=False)    atomically, never over a user's file
    load_result(path)                          a saved `grade submit --json` result
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from grader.errors import UserInputError
from grader.reports import files
from grader.result import CaseResult, Misconception, SubmissionResult, restore_numbers

FORMATS = ("html", "md", "text")
MARKER = "torchgrade-report"  # in every report file: what may be overwritten without --force
TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_PLOT_POINTS = 500
TERMINAL_OUTPUT_LINES = 30
HELD_OUT_EXPOSED = ("Held-out data exposed: this grading ran without the sandbox (rlimits "
                    "mode), so the submission could read the held-out data it is judged "
                    "on; its accuracy does not prove that it learned.")

# Dark text on light backgrounds. CONTRAST_PAIRS are the (foreground, background)
# pairs the HTML uses, with the WCAG 2.1 AA minimum each must reach (4.5 for text,
# 3 for graphics); tests/test_reports.py checks them with the WCAG formula.
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

_ANSI = {"good": "\x1b[32m", "bad": "\x1b[31m", "warn": "\x1b[33m", "info": "\x1b[36m",
         "accent": "\x1b[35m", "bold": "\x1b[1m", "reset": "\x1b[0m"}
_OUTCOME_TONE = {"passed": "good", "failed": "bad", "error": "bad", "timeout": "warn",
                 "skipped": "info"}
_STATUS = {  # status -> (label, tone)
    "graded": ("graded", "info"), "not_implemented": ("not implemented yet", "warn"),
    "syntax_error": ("syntax error", "bad"), "import_error": ("import error", "bad"),
    "timeout": ("timed out", "warn"), "crashed": ("crashed", "bad"),
    "internal_error": ("internal grader error", "bad")}
_TRAINING_KEYS = ("losses", "accuracy", "target", "device", "train_seconds", "seed", "formula")
# Obeyed by a terminal or reordering text: C0/C1 controls but tab and newline, DEL, and
# the bidi controls of "Trojan Source" (U+061C, U+200E/F, U+202A-E, U+2066-9).
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LEAKY_DETAILS = {"got", "expected", "index", "inputs", "traceback"}


class ReportError(UserInputError):
    """A report cannot be written or a result cannot be loaded; the message is one line."""


# ----------------------------------------------------------------------------- view model

@dataclass
class Tick:
    pos: str
    label: str


@dataclass
class PlotView:
    """An SVG line plot with every coordinate already computed (viewBox units)."""

    title: str
    description: str
    points: str  # "x,y x,y ..." for <polyline>
    count: int
    width: int = 640
    height: int = 320
    left: int = 72
    right: int = 624
    top: int = 20
    bottom: int = 264
    x_label: str = "Epoch"  # train() returns one mean loss per epoch (the contract)
    y_label: str = "Loss"
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)

    @property
    def anchors(self) -> dict[str, int]:
        """Where the tick labels and axis labels go."""
        middle_x, middle_y = (self.left + self.right) // 2, (self.top + self.bottom) // 2
        return {"y_tick_x": self.left - 6, "x_tick_y": self.bottom + 18,
                "tick_end": self.bottom + 5, "x_label_x": middle_x,
                "x_label_y": self.height - 8, "y_label_x": 16, "y_label_y": middle_y}


@dataclass
class TrainingView:
    facts: list[tuple[str, str]]
    accuracy: str = ""
    target: str = ""
    verdict: str = ""  # "reached" / "below the target"
    tone: str = "info"
    loss_summary: str = ""
    sparkline: str = ""
    plot: PlotView | None = None


@dataclass
class MismatchView:
    columns: list[str]
    cells: list[str]


@dataclass
class CaseView:
    anchor: str
    name: str
    visibility: str
    outcome: str
    tone: str
    points: str
    hint: str
    label: str = ""  # "FAILED  ": the outcome padded for the terminal's column
    passed: bool = False
    message: str = ""
    inputs: list[tuple[str, str]] = field(default_factory=list)
    mismatch: MismatchView | None = None
    traceback: str = ""


@dataclass
class MisconceptionView:
    id: str
    title: str
    body: str
    tests: str


@dataclass
class ReportView:
    """Everything a template shows, as display-ready strings."""

    exercise: str
    file: str
    mode: str
    score: str  # "5 / 10"
    percent: str  # "50 %"
    bar_width: str  # the SVG bar's filled width, out of 100
    text_bar: str  # "[##########----------]"
    unicode_bar: str
    status: str
    status_tone: str
    message: str
    message_block: bool  # several lines (a syntax error with its caret): show as code
    summary: str  # "3 of 6 tests passed"
    misconceptions: list[MisconceptionView]
    cases: list[CaseView]
    training: TrainingView | None
    output: str
    output_tail: str  # the terminal's excerpt: the last lines
    output_note: str
    exposure: str  # a warning when the held-out data was readable, else ""
    footer: list[tuple[str, str]]
    duration: str
    device: str
    generator: str
    marker: str = MARKER
    palette: dict[str, str] = field(default_factory=lambda: dict(PALETTE))
    tone_colors: list[tuple[str, str, str]] = field(default_factory=lambda: [
        (tone, PALETTE[tone], PALETTE[f"{tone}_bg"]) for tone in TONES])


def build_view(result: SubmissionResult) -> ReportView:
    """The display-ready view of `result` shared by every format, made from the
    result as its JSON has it (cut to size, so a report stays small too)."""
    result = SubmissionResult.from_dict(result.to_dict())
    label, tone = _STATUS.get(result.status, (_clean(result.status), "info"))
    fraction = _fraction(result.score, result.max_score)
    passed = sum(case.outcome == "passed" for case in result.tests)
    return ReportView(
        exercise=_clean(result.exercise), file=_clean(result.file), mode=_mode(result.mode),
        score=f"{_num(result.score)} / {_num(result.max_score)}",
        percent=f"{round(fraction * 100)} %" if result.max_score else "no points",
        bar_width=f"{fraction * 100:.1f}", text_bar=_bar(fraction, "#", "-"),
        unicode_bar=_bar(fraction, "\u2588", "\u2591", brackets=False),
        status=label, status_tone=tone, message=_clean(result.message),
        message_block="\n" in result.message.strip(),
        summary=f"{passed} of {_count(len(result.tests), 'test')} passed" if result.tests
        else "no tests ran",
        misconceptions=[_misconception_view(item) for item in result.misconceptions],
        cases=[_case_view(case, number) for number, case in enumerate(result.tests, 1)],
        training=_training_view(result.training) if result.training else None,
        output=_clean(result.output), output_tail=_tail(_clean(result.output)),
        output_note=_output_note(result), exposure=_exposure(result),
        footer=_footer(result),
        duration=f"{result.duration_s:.2f} s", device=_clean(result.device),
        generator=f"TorchGrade {_clean(result.grader_version) or 'unknown version'}")


def _misconception_view(item: Misconception) -> MisconceptionView:
    title, body = _clean(item.title), _clean(item.message)
    if title and body.startswith(title + ": "):
        body = body[len(title) + 2:]  # the message repeats the title as its prefix
    return MisconceptionView(_clean(item.id), title or _clean(item.id), body,
                             ", ".join(_clean(name) for name in item.tests))


def _case_view(case: CaseResult, number: int) -> CaseView:
    """What a student may see of one test: public tests everything, hidden ones
    name, outcome, points, hint and message (grader.judge.plugin makes a hidden test's
    message the rule broken, never its inputs or expected values)."""
    view = CaseView(f"test-{number}", _clean(case.name), _clean(case.visibility),
                    _clean(case.outcome), _OUTCOME_TONE.get(case.outcome, "info"),
                    f"{_num(case.points)} / {_num(case.max_points)}", _clean(case.hint),
                    f"{_clean(case.outcome).upper():<8}", case.outcome == "passed")
    if view.passed:
        return view
    if case.visibility == "public" or not _LEAKY_DETAILS.intersection(case.details):
        view.message = _clean(case.message)  # not: its hidden mismatches kept values)
    if case.visibility == "public":
        inputs = case.details.get("inputs") or {}
        view.inputs = [(_clean(k), _clean(v)) for k, v in inputs.items()] \
            if isinstance(inputs, dict) else []
        view.mismatch = _mismatch_view(case.details)
        view.traceback = _clean(case.details.get("traceback") or "").strip("\n")
    return view


def _mismatch_view(details: dict[str, Any]) -> MismatchView | None:
    """The worst mismatch of a tensor comparison as one table row (or a shape clash)."""
    what = _clean(details.get("what", "value"))
    if "expected_shape" in details:
        return MismatchView(["Value", "Shape", "Expected shape"],
                            [what, _shape(details.get("shape")),
                             _shape(details["expected_shape"])])
    if "max_abs_error" not in details:
        return None
    return MismatchView(
        ["Value", "Worst index", "Got", "Expected", "Max abs error", "Max rel error",
         "Values off"],
        [what, _shape(details.get("index")), _num(details.get("got"), ".6g"),
         _num(details.get("expected"), ".6g"), _num(details.get("max_abs_error"), ".3g"),
         _num(details.get("max_rel_error"), ".3g"),
         f"{_num(details.get('mismatched'))} / {_num(details.get('total'))}"])


def _training_view(training: dict[str, Any]) -> TrainingView:
    view = TrainingView(facts=[])
    if "accuracy" in training:
        view.accuracy, view.target = _ratios(training.get("accuracy"), training.get("target"))
        if _finite(training.get("accuracy")) and _finite(training.get("target")):
            reached = training["accuracy"] >= training["target"]
            view.verdict = "reached" if reached else "below the target"
            view.tone = "good" if reached else "bad"
    if "device" in training:
        view.facts.append(("Device", _clean(training["device"])))
    if "train_seconds" in training:
        view.facts.append(("Training time", f"{_num(training['train_seconds'], '.1f')} s"))
    for key in ("seed", "formula"):
        if key in training:
            view.facts.append((key.capitalize(), _clean(training[key])))
    view.facts += [(_clean(key).replace("_", " ").capitalize(), _scalar(value))
                   for key, value in sorted(training.items())
                   if key not in _TRAINING_KEYS and isinstance(value, (str, int, float))]
    losses = training.get("losses")
    if isinstance(losses, list):
        view.loss_summary, view.sparkline, view.plot = _loss_views(losses)
    return view


def _loss_views(losses: list[Any]) -> tuple[str, str, PlotView | None]:
    """(one-line summary, unicode sparkline, SVG plot) of a loss curve."""
    finite = [(step, float(v)) for step, v in enumerate(losses, 1) if _finite(v)]
    skipped = len(losses) - len(finite)
    if not finite:
        return f"no finite loss values among {len(losses)} recorded", "", None
    (first_step, first), (last_step, last) = finite[0], finite[-1]
    low_step, low = min(finite, key=lambda pair: pair[1])
    summary = (f"{_num(first, '.4g')} at epoch {first_step} -> {_num(last, '.4g')} at "
               f"epoch {last_step} (lowest {_num(low, '.4g')} at epoch {low_step})")
    if skipped:
        summary += f"; {_count(skipped, 'non-finite value')} not drawn"
    plot = _loss_plot(finite, summary) if len(finite) >= 2 else None
    return summary, _sparkline([v for _, v in finite]), plot


def _loss_plot(finite: list[tuple[int, float]], summary: str) -> PlotView:
    stride = max(1, math.ceil(len(finite) / MAX_PLOT_POINTS))
    shown = finite[::stride] if finite[::stride][-1] == finite[-1] \
        else finite[::stride] + [finite[-1]]
    plot = PlotView("Training loss per epoch", "", "", len(shown))
    x_ticks, (x_lo, x_hi) = _nice_ticks(finite[0][0], finite[-1][0], integer=True)
    y_ticks, (y_lo, y_hi) = _nice_ticks(min(v for _, v in finite), max(v for _, v in finite))

    def x(step: float) -> float:
        return plot.left + (step - x_lo) / (x_hi - x_lo) * (plot.right - plot.left)

    def y(value: float) -> float:
        return plot.bottom - (value - y_lo) / (y_hi - y_lo) * (plot.bottom - plot.top)

    plot.points = " ".join(f"{x(step):.1f},{y(value):.1f}" for step, value in shown)
    plot.x_ticks = [Tick(f"{x(t):.1f}", _num(t, ".6g")) for t in x_ticks]
    plot.y_ticks = [Tick(f"{y(t):.1f}", _num(t, ".4g")) for t in y_ticks]
    drawn = f"{len(shown)} of {len(finite)} points drawn" if stride > 1 else \
        f"{len(shown)} points"
    plot.description = f"Line plot of the training loss ({drawn}): {summary}."
    return plot


def _nice_ticks(lo: float, hi: float, count: int = 5,
                integer: bool = False) -> tuple[list[float], tuple[float, float]]:
    """Round tick values covering [lo, hi], and the axis range they span."""
    if hi <= lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integer:
        step = max(1, round(step))
    first, last = math.floor(lo / step) * step, math.ceil(hi / step) * step
    ticks = [first + i * step for i in range(round((last - first) / step) + 1)]
    return ticks, (first, last)


def _sparkline(values: list[float], width: int = 40) -> str:
    blocks = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
    stride = max(1, math.ceil(len(values) / width))
    sampled = values[::stride]
    lo, hi = min(sampled), max(sampled)
    span = (hi - lo) or 1.0
    return "".join(blocks[min(7, int((v - lo) / span * 8))] for v in sampled)


def _footer(result: SubmissionResult) -> list[tuple[str, str]]:
    return [("Submission sha256", _clean(result.sha256)),
            ("Grader", f"TorchGrade {_clean(result.grader_version) or '?'}"),
            ("Graded at", _clean(result.graded_at) or "unknown"),
            ("Grading time", f"{result.duration_s:.2f} s on {_clean(result.device)}"),
            ("Isolation", _clean(result.sandbox))]


def _output_note(result: SubmissionResult) -> str:
    if not result.output_truncated_bytes:
        return ""
    return (f"Your code printed {result.output_truncated_bytes:,} more bytes than shown "
            "here; the output is capped.")


def _exposure(result: SubmissionResult) -> str:
    return HELD_OUT_EXPOSED if result.held_out_exposed else ""


def _mode(mode: str) -> str:
    if mode == "check":
        return "self-check, public tests only"
    return "full suite, hidden tests included"


# ----------------------------------------------------------------------------- formatting

def _clean(value: Any) -> str:
    """`value` as text whose control characters (ANSI escapes, NULs, carriage
    returns) and bidi controls are shown as U+FFFD instead of being obeyed by a
    terminal or reordering the text around them."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("\ufffd", text)


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


def _num(value: Any, spec: str = "g") -> str:
    """A number for people: 2.0 -> "2", 0.5 -> "0.5"; anything else as text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _clean(value) if value is not None else "-"
    if spec == "g":
        return f"{round(value, 2):g}" if math.isfinite(value) else f"{value}"
    return format(value, spec)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _scalar(value: Any) -> str:
    return _num(value, ".4g") if isinstance(value, float) else _num(value)


def _shape(index: Any) -> str:
    if isinstance(index, list) and not index:
        return "scalar"
    if isinstance(index, list):
        return "(" + ", ".join(_num(i) for i in index) + ("," if len(index) == 1 else "") + ")"
    return "-" if index is None else _clean(index)


def _ratios(accuracy: Any, target: Any) -> tuple[str, str]:
    """Accuracy and target as percentages when both are fractions in [0, 1]."""
    values = [v for v in (accuracy, target) if _finite(v)]
    as_percent = bool(values) and all(0 <= v <= 1 for v in values)

    def show(value: Any) -> str:
        if not _finite(value):
            return _num(value)
        return f"{value * 100:.1f} %" if as_percent else _num(value, ".4g")

    return show(accuracy), (show(target) if target is not None else "")


def _fraction(score: float, max_score: float) -> float:
    if not (_finite(score) and _finite(max_score)) or max_score <= 0:
        return 0.0
    return min(max(score / max_score, 0.0), 1.0)


def _bar(fraction: float, full: str, empty: str, width: int = 20,
         brackets: bool = True) -> str:
    filled = round(fraction * width)
    bar = full * filled + empty * (width - filled)
    return f"[{bar}]" if brackets else bar


def _tail(text: str, lines: int = TERMINAL_OUTPUT_LINES) -> str:
    kept = text.rstrip("\n").split("\n")
    if len(kept) <= lines:
        return "\n".join(kept)
    return (f"... ({_count(len(kept) - lines, 'earlier line')} not shown)\n"
            + "\n".join(kept[-lines:]))


# ----------------------------------------------------------------------------- escaping

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])(?=\s|$|=)|(\d+)([.)])(?=\s|$))")


def md_escape(text: str) -> str:
    """Inline Markdown text that renders as exactly `text`: one line, no markup."""
    text = " ".join(str(text).split("\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_md_unlist, text)


def _md_unlist(match: re.Match) -> str:
    """Escape what would start a list or heading underline: "- x", "1. x", "= x"."""
    indent, sign, digits, dot = match.groups()
    return indent + ("\\" + sign if sign else digits + "\\" + dot)


def md_code(text: str) -> Markup:
    """An inline code span holding `text` literally, whatever backticks it contains."""
    text = " ".join(str(text).split("\n"))
    ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return Markup(f"{ticks}{pad}{text}{pad}{ticks}")


def md_block(text: str) -> Markup:
    """A fenced code block holding `text` literally: the fence outgrows any backtick run."""
    runs = (len(run) for run in re.findall("`{3,}", text))
    fence = "`" * max(3, max(runs, default=0) + 1)
    return Markup(f"{fence}text\n{text.rstrip()}\n{fence}")


def md_text(text: str) -> Markup:
    """One line of escaped text, or a fenced block when `text` has several lines."""
    return md_block(text) if "\n" in text.strip() else Markup(md_escape(text))


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return md_escape("" if value is None else value)


@functools.cache
def _environment(fmt: str) -> jinja2.Environment:
    options: dict[str, Any] = dict(loader=jinja2.FileSystemLoader(TEMPLATES),
                                   undefined=jinja2.StrictUndefined, trim_blocks=True,
                                   lstrip_blocks=True, keep_trailing_newline=True)
    if fmt == "html":
        return jinja2.Environment(autoescape=True, **options)
    if fmt == "md":
        env = jinja2.Environment(autoescape=False, finalize=_md_finalize, **options)
        env.filters.update(code=md_code, block=md_block, text=md_text)
        return env
    return jinja2.Environment(autoescape=False, **options)


# ----------------------------------------------------------------------------- public API

def render(result: SubmissionResult, fmt: str) -> str:
    """The report for `result` in `fmt` ("html", "md" or "text"; text is uncoloured)."""
    return _render(result, fmt)


def text_report(result: SubmissionResult, color: bool | None = None) -> str:
    """The readable summary of `grade submit`/`grade check`: score, mistakes, tests.

    color=None colours only when stdout is a terminal and NO_COLOR is not set."""
    return _render(result, "text", color=_use_color(color)).rstrip("\n")


def _render(result: SubmissionResult, fmt: str, color: bool = False,
            signed: bool = False, fragment: str = "") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    suffix = {"html": "html", "md": "md", "text": "txt"}[fmt]
    template = _environment(fmt).get_template(f"report.{suffix}.j2")
    ansi = {name: (code if color else "") for name, code in _ANSI.items()}
    return template.render(view=build_view(result), ansi=ansi, signed=signed,
                           fragment=fragment)


# ----------------------------------------------------------------------------- fragment

FRAGMENT_CLASS = "torchgrade-report"  # the one class a fragment's CSS is scoped under
_FRAGMENT_CSS = f".{FRAGMENT_CLASS} {{ margin: 0; padding: .5rem .75rem; max-width: 60rem; }}\n"
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ID_ATTRIBUTE = re.compile(r'(?<=\s)(id|aria-labelledby|aria-describedby|href)="(#?)([\w-]+)"')


def html_fragment(result: SubmissionResult) -> str:
    """The HTML report fitted to a notebook cell: the same template without the
    document around it (no <html>, <head> or <body>), inside one
    `<div class="torchgrade-report">`, every CSS rule scoped under that class so the
    report never restyles the page it is shown in (JupyterLab, VS Code), and every id
    made unique to this fragment."""
    page = _render(result, "html", fragment=FRAGMENT_CLASS)
    start, end = page.index("<style>") + len("<style>"), page.index("</style>")
    css = _CSS_RULE.sub(_scoped_rule, page[start:end]) + _FRAGMENT_CSS
    return page[:start] + css + _unique_ids(page[end:], uuid.uuid4().hex[:8])


def _unique_ids(html: str, token: str) -> str:
    """Every id (and each reference to one) suffixed with `-token`: a notebook shows
    many reports in one page, and ids must stay unique there. Only the template's own
    attributes match: autoescaping turns a quote from the submission into `&#34;`."""
    return _ID_ATTRIBUTE.sub(lambda m: f'{m[1]}="{m[2]}{m[3]}-{token}"', html)


def _scoped_rule(match: re.Match) -> str:
    """One CSS rule of the page under the fragment's class: `body`/`main` become the
    fragment's own box, every other selector gets the class in front."""
    scope = f".{FRAGMENT_CLASS}"
    selectors = [item.strip() for item in match.group(1).split(",")]
    scoped = [scope if item in ("body", "main") else f"{scope} {item}" for item in selectors]
    return f"\n{', '.join(scoped)} {{{match.group(2)}}}"


def _use_color(color: bool | None) -> bool:
    if color is not None:
        return color
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def format_for(path: str | Path) -> str:
    """The format a report file gets from its suffix: .html/.htm, .md, else text."""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    return "md" if suffix in (".md", ".markdown") else "text"


def check_target(path: str | Path, force: bool = False) -> Path:
    """Raise ReportError unless a report may be written at `path`: its folder exists,
    and it is new, a previous TorchGrade report, or `force` is set."""
    path = Path(path)
    if path.is_dir():
        raise ReportError(f"{path} is a folder; give a file name such as {path / 'report.html'}")
    if not path.parent.is_dir():
        raise ReportError(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.exists() and not force and not is_report(path):
        raise ReportError(f"{path} exists and is not a TorchGrade report; refusing to "
                          "overwrite it (use --force, or force=True in Python, to replace it)")
    return path


def is_report(path: str | Path) -> bool:
    """Whether the file at `path` is a previous report: HTML and Markdown reports open
    with a `<!-- torchgrade-report: ...` comment (after the doctype), text reports end
    with a `-- torchgrade-report` line. A file that merely mentions the word is not one."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - 4096))
            tail = handle.read()
    except OSError:
        return False
    opening = f"<!-- {MARKER}:".encode()
    return any(line.startswith(opening) for line in head.splitlines()[:2]) \
        or tail.rstrip().endswith(f"\n-- {MARKER}".encode())


def write_report(result: SubmissionResult, path: str | Path, force: bool = False,
                 fmt: str | None = None) -> Path:
    """Write the report for `result` to `path` (format from the suffix unless `fmt`),
    atomically: a temporary file in the same folder, then os.replace. Never overwrites
    a file that is not a previous report unless `force`; raises ReportError."""
    path = check_target(path, force)
    text = _render(result, fmt or format_for(path), signed=True)
    try:
        files.write_atomic(path, text)
    except OSError as error:
        raise ReportError(f"cannot write {path}: {error.strerror or error}") from None
    return path


# ----------------------------------------------------------------------------- loading

_Kinds = dict[str, type | tuple[type, ...]]  # field -> the types isinstance accepts
_REQUIRED: _Kinds = {"exercise": str, "file": str, "sha256": str, "score": (int, float),
                     "max_score": (int, float), "status": str, "gradable": bool, "tests": list}
_OPTIONAL: _Kinds = {"misconceptions": list, "training": dict, "output": str, "message": str,
                     "device": str, "duration_s": (int, float), "output_truncated_bytes": int}
_CASE: _Kinds = {"name": str, "points": (int, float), "max_points": (int, float),
                 "outcome": str, "visibility": str}


def load_result(path: str | Path) -> SubmissionResult:
    """Load a result saved by `grade submit --json` ("-" reads stdin); ReportError
    with a one-line reason for a missing file, non-JSON or something not a result."""
    try:
        text = sys.stdin.read() if str(path) == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: not a JSON result (not UTF-8 text)") from None
    except OSError as error:
        raise ReportError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(f"{path}: not JSON ({error.msg} at line {error.lineno}, "
                          f"column {error.colno})") from None
    data = restore_numbers(data)  # "NaN", "Infinity": how results write non-finite numbers
    problem = _result_problem(data)
    if problem:
        raise ReportError(f"{path}: not a TorchGrade result ({problem})")
    try:
        return SubmissionResult.from_dict(data)
    except (TypeError, ValueError) as error:
        raise ReportError(f"{path}: not a TorchGrade result ({error})") from None


def _result_problem(data: Any) -> str:
    """'' when `data` has the shape of SubmissionResult.to_dict(), else what is wrong."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    for key, kind in _REQUIRED.items():
        if key not in data:
            return f"no {key!r} field"
    for key, kind in {**_REQUIRED, **_OPTIONAL}.items():
        if key in data and not isinstance(data[key], kind):
            return f"{key!r} has the wrong type"
    for case in data["tests"]:
        if not isinstance(case, dict) or any(not isinstance(case.get(k), kind)
                                             for k, kind in _CASE.items()):
            return "a test entry lacks name, points, max_points, outcome or visibility"
        if not isinstance(case.get("details", {}), dict):
            return "a test's details is not an object"
    for item in data.get("misconceptions", []):
        if not isinstance(item, dict) or not isinstance(item.get("message"), str):
            return "a misconception entry lacks its message"
    return ""
