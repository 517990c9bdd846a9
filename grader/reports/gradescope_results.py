"""One result as Gradescope's results.json (its autograder specification)."""

from __future__ import annotations

from typing import Any

from grader.reports.display import status_label
from grader.result import SubmissionResult


def gradescope_json(result: SubmissionResult,
                    hidden_visibility: str = "after_published") -> dict[str, Any]:
    """Gradescope's results.json: hidden tests show their name, outcome, the rule broken
    (their message, made safe by grader.judge.plugin) and hint, with Gradescope's visibility
    `hidden_visibility` (after_published, hidden or after_due_date; public tests are
    visible); the autograder's stdout is for the instructor only. Read from the result
    as its JSON has it: cut to size."""
    result = SubmissionResult.from_dict(result.to_dict())
    tests = []
    for case in result.tests:
        shown = case.message if case.visibility == "public" else \
            "\n".join(filter(None, [case.message, case.hint]))
        tests.append({"name": case.name, "score": case.points, "max_score": case.max_points,
                      "status": "passed" if case.outcome == "passed" else "failed",
                      "output": "" if case.outcome == "passed" else shown,
                      "visibility": "visible" if case.visibility == "public"
                      else hidden_visibility})
    mistakes = [f"{item.title or item.id}: {item.body}" for item in result.misconceptions]
    output = "\n".join(filter(None, [status_label(result.status)
                                     + (f": {result.message}" if result.message else ""),
                                     *mistakes]))
    return {"score": result.score, "execution_time": result.duration_s,
            "output": output, "stdout_visibility": "hidden", "tests": tests}
