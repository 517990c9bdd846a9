"""The view model of a submission's report: a SubmissionResult as ready-made strings.

`build_view` formats every number and makes every decision about what a student may
see (hidden tests show name, outcome, points, hint and the rule broken:
grader.judge.plugin keeps their inputs and expected values out of the result); the
templates in grader/reports/templates/ only loop and show/hide. Every text from the
submission goes through display.clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grader.reports.display import clean, count, fraction, num, status_label, status_tone
from grader.reports.pages import MARKER, PALETTE, TONES
from grader.reports.training_view import TrainingView, training_view
from grader.result import CaseResult, Misconception, SubmissionResult

TERMINAL_OUTPUT_LINES = 30
HELD_OUT_EXPOSED = ("Held-out data exposed: this grading ran without the sandbox (rlimits "
                    "mode), so the submission could read the held-out data it is judged "
                    "on; its accuracy does not prove that it learned.")
_OUTCOME_TONE = {"passed": "good", "failed": "bad", "error": "bad", "timeout": "warn",
                 "skipped": "info"}
_LEAKY_DETAILS = {"got", "expected", "index", "inputs", "traceback"}


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
    share = fraction(result.score, result.max_score)
    passed = sum(case.outcome == "passed" for case in result.tests)
    return ReportView(
        exercise=clean(result.exercise), file=clean(result.file), mode=_mode(result.mode),
        score=f"{num(result.score)} / {num(result.max_score)}",
        percent=f"{round(share * 100)} %" if result.max_score else "no points",
        bar_width=f"{share * 100:.1f}", text_bar=_bar(share, "#", "-"),
        unicode_bar=_bar(share, "\u2588", "\u2591", brackets=False),
        status=status_label(result.status), status_tone=status_tone(result.status),
        message=clean(result.message), message_block="\n" in result.message.strip(),
        summary=f"{passed} of {count(len(result.tests), 'test')} passed" if result.tests
        else "no tests ran",
        misconceptions=[_misconception_view(item) for item in result.misconceptions],
        cases=[_case_view(case, number) for number, case in enumerate(result.tests, 1)],
        training=training_view(result.training) if result.training else None,
        output=clean(result.output), output_tail=_tail(clean(result.output)),
        output_note=_output_note(result), exposure=_exposure(result),
        footer=_footer(result),
        duration=f"{result.duration_s:.2f} s", device=clean(result.device),
        generator=f"TorchGrade {clean(result.grader_version) or 'unknown version'}")


def _misconception_view(item: Misconception) -> MisconceptionView:
    return MisconceptionView(clean(item.id), clean(item.title) or clean(item.id),
                             clean(item.body), ", ".join(clean(name) for name in item.tests))


def _case_view(case: CaseResult, number: int) -> CaseView:
    """What a student may see of one test: public tests everything, hidden ones
    name, outcome, points, hint and message (grader.judge.plugin makes a hidden test's
    message the rule broken, never its inputs or expected values)."""
    view = CaseView(f"test-{number}", clean(case.name), clean(case.visibility),
                    clean(case.outcome), _OUTCOME_TONE.get(case.outcome, "info"),
                    f"{num(case.points)} / {num(case.max_points)}", clean(case.hint),
                    f"{clean(case.outcome).upper():<8}", case.outcome == "passed")
    if view.passed:
        return view
    if case.visibility == "public" or not _LEAKY_DETAILS.intersection(case.details):
        view.message = clean(case.message)  # not: its hidden mismatches kept values)
    if case.visibility == "public":
        inputs = case.details.get("inputs") or {}
        view.inputs = [(clean(k), clean(v)) for k, v in inputs.items()] \
            if isinstance(inputs, dict) else []
        view.mismatch = _mismatch_view(case.details)
        view.traceback = clean(case.details.get("traceback") or "").strip("\n")
    return view


def _mismatch_view(details: dict[str, Any]) -> MismatchView | None:
    """The worst mismatch of a tensor comparison as one table row (or a shape clash)."""
    what = clean(details.get("what", "value"))
    if "expected_shape" in details:
        return MismatchView(["Value", "Shape", "Expected shape"],
                            [what, _shape(details.get("shape")),
                             _shape(details["expected_shape"])])
    if "max_abs_error" not in details:
        return None
    return MismatchView(
        ["Value", "Worst index", "Got", "Expected", "Max abs error", "Max rel error",
         "Values off"],
        [what, _shape(details.get("index")), num(details.get("got"), ".6g"),
         num(details.get("expected"), ".6g"), num(details.get("max_abs_error"), ".3g"),
         num(details.get("max_rel_error"), ".3g"),
         f"{num(details.get('mismatched'))} / {num(details.get('total'))}"])


def _footer(result: SubmissionResult) -> list[tuple[str, str]]:
    return [("Submission sha256", clean(result.sha256)),
            ("Grader", f"TorchGrade {clean(result.grader_version) or '?'}"),
            ("Graded at", clean(result.graded_at) or "unknown"),
            ("Grading time", f"{result.duration_s:.2f} s on {clean(result.device)}"),
            ("Isolation", clean(result.sandbox))]


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


def _shape(index: Any) -> str:
    if isinstance(index, list) and not index:
        return "scalar"
    if isinstance(index, list):
        return "(" + ", ".join(num(i) for i in index) + ("," if len(index) == 1 else "") + ")"
    return "-" if index is None else clean(index)


def _bar(share: float, full: str, empty: str, width: int = 20,
         brackets: bool = True) -> str:
    filled = round(share * width)
    bar = full * filled + empty * (width - filled)
    return f"[{bar}]" if brackets else bar


def _tail(text: str, lines: int = TERMINAL_OUTPUT_LINES) -> str:
    kept = text.rstrip("\n").split("\n")
    if len(kept) <= lines:
        return "\n".join(kept)
    return (f"... ({count(len(kept) - lines, 'earlier line')} not shown)\n"
            + "\n".join(kept[-lines:]))
