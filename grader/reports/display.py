"""Values as people read them in every output: safe text, numbers, statuses.

The per-submission report, the class pages, the gradebook and Gradescope's results.json
all say these things; each is written here once.
"""

from __future__ import annotations

import math
import re
from typing import Any

from grader.result import Status, SubmissionResult

# The bidi controls of "Trojan Source", which reorder the text around them (U+061C,
# U+200E/F, U+202A-E, U+2066-9): never shown as they are, anywhere.
_BIDI = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# What `clean` replaces in text people read: C0/C1 controls but tab and newline, DEL, bidi.
CONTROL_CHARACTERS = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# What `shown` escapes in a name (and no file name may hold, grader.classroom.names):
# every C0/C1 control (ESC, CR, newline, tab, ...), DEL, the line and paragraph
# separators, bidi.
UNSAFE_CHARACTERS = rf"\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}"
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
_STATUS_TONES: dict[str, str] = {Status.GRADED: "info", Status.NOT_IMPLEMENTED: "warn",
                                 Status.TIMEOUT: "warn"}


def clean(value: Any) -> str:
    """`value` as text safe in any output: undecodable bytes escaped (shown),
    carriage returns as newlines, and the other control characters (ANSI escapes, NULs)
    and bidi controls as U+FFFD, never obeyed by a terminal nor reordering the text
    around them; tabs and newlines kept."""
    text = str(value)
    if any("\ud800" <= char <= "\udfff" for char in text):
        text = shown(text.replace("\n", " ").replace("\t", " "))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("\ufffd", text)


def status_label(status: str) -> str:
    """The status as every output names it ("timed out"); made safe to show."""
    return clean(Status.label_of(status))


def status_tone(status: str) -> str:
    """The tone a status is shown in: graded `info`, not implemented yet or timed
    out `warn`, every failure to run `bad`."""
    return _STATUS_TONES.get(status, "bad")


def result_tone(result: SubmissionResult) -> str:
    """The tone of a result's row on the class pages: full marks `good`, other graded
    results `info`, the rest their status's tone."""
    if result.status == Status.GRADED:
        return "good" if result.score >= result.max_score else "info"
    return status_tone(result.status)


def finite(value: Any) -> bool:
    """Whether `value` is a real, finite number (a bool is not)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


def num(value: Any, spec: str = "g") -> str:
    """A number for people: 2.0 -> "2", 0.5 -> "0.5"; anything else as safe text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return clean(value) if value is not None else "-"
    if spec == "g":
        return f"{round(value, 2):g}" if math.isfinite(value) else f"{value}"
    return format(value, spec)


def count(number: int, noun: str) -> str:
    """"1 test", "1,200 tests"."""
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def fraction(score: float, max_score: float) -> float:
    """The share of the points scored, in [0, 1]; 0 when either is not a finite
    number or there are no points to score."""
    if not (finite(score) and finite(max_score)) or max_score <= 0:
        return 0.0
    return min(max(score / max_score, 0.0), 1.0)


def shown(text: str) -> str:
    """`text` safe to print or write anywhere, and still telling names apart:
    undecodable bytes (surrogate escapes) and control characters as `\\xNN`, bidi
    controls as `\\uNNNN`, so no terminal obeys them and no text is reordered."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        raw = text.encode("utf-8", "surrogatepass")
    return _UNSAFE.sub(_escaped, raw.decode("utf-8", "backslashreplace"))


def _escaped(match: re.Match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
