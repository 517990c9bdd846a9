"""Late work: which submissions are late, by how many days, and what that costs.

    grade batch canvas.zip -o out                                  lateness recorded only
    grade batch canvas.zip -o out --late-penalty 20%               a flat 20 % off if late
    grade batch class/ -o out --late-penalty 10%/day --due 2026-12-01T23:59

A submission is late when Canvas marked it (`_LATE_` in the download's name) or, with
`--due`, when its file is newer than the due time (the file's modification time in the
folder, or its time in the zip, which has no time zone: read as local time, as unzip
does). Days late count every started day after the due time (1 minute late: 1 day);
a Canvas-marked file whose time is not after `--due` counts 1 day. No penalty unless
`--late-penalty` says so; a penalty never takes more than the whole score. The result
itself is never changed: the penalty is applied in the gradebook and recorded next to
the result in results.jsonl.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from grader.errors import UserInputError

_SPEC = re.compile(r"^\s*(?P<percent>\d+(?:\.\d+)?)\s*%\s*(?P<per_day>/\s*day)?\s*$")
DAY_S = 86400.0


class LatePolicyError(UserInputError, ValueError):
    """An unusable --late-penalty or --due (one-line message)."""


@dataclass(frozen=True)
class LatePolicy:
    """`percent` off a late submission's score, once (`per_day` False) or per day late."""

    percent: float = 0.0
    per_day: bool = False
    due: datetime.datetime | None = None

    def penalty(self, late: bool, days: int) -> float:
        """The fraction of the score a submission `days` late loses (0 when not late)."""
        if not late:
            return 0.0
        share = self.percent / 100 * (max(days, 1) if self.per_day else 1)
        return min(share, 1.0)

    def lateness(self, marked_late: bool, file_time: float | None) -> tuple[bool, int]:
        """(late, days late) of a file the LMS marked late or not, with its time."""
        if self.due is None or file_time is None:
            return marked_late, 1 if marked_late else 0
        overdue = file_time - self.due.timestamp()
        if overdue > 0:
            return True, math.ceil(overdue / DAY_S)
        return marked_late, 1 if marked_late else 0


def parse(penalty: str | None, due: str | None) -> LatePolicy:
    """The policy of `--late-penalty` (`20%` or `10%/day`) and `--due` (ISO 8601, local
    time when it has no offset); LatePolicyError when either is unusable."""
    when = None
    if due is not None:
        try:
            when = datetime.datetime.fromisoformat(due.strip())
        except ValueError:
            raise LatePolicyError(f"--due {due!r}: use a date and time such as "
                                  "2026-12-01T23:59 (ISO 8601)") from None
        if when.tzinfo is None:
            when = when.astimezone()
    if penalty is None:
        return LatePolicy(due=when)
    match = _SPEC.match(penalty)
    if not match or float(match["percent"]) > 100:
        raise LatePolicyError(f"--late-penalty {penalty!r}: use a percentage off the "
                              "score, flat (20%) or per day late (10%/day), at most 100%")
    per_day = bool(match["per_day"])
    if per_day and when is None:
        raise LatePolicyError("--late-penalty per day needs --due (when the work was due)")
    return LatePolicy(float(match["percent"]), per_day, when)
