"""Everything a suite or mutants module imports from the grader: this module only.

Suites and mutants (built-in or a course's) import from here and nowhere else in
`grader`, so the grader's own modules can move without breaking a course. The `check`,
`submission` and `reference` fixtures and the `points`/`public`/`hidden` markers come
from the pytest plugin and need no import (docs/authoring.md).

Mutants: `Mutant` (one named mistake), `mutants_of(stem)` (an exercise's mutants, the
course's where it ships them).
Failing a test: `Mismatch` (a wrong answer, with its details; catch it to add context
and raise it again), `ForbiddenCall` (a forbidden API used), `StudentError` (the
student's code raised, as `check.student` reports it).
Inputs and answers: `to_plain` (the wire's plain data a harness answers with),
`assert_close` (compare as `check.same` does).
Data sets: `load_images`, `ImageSplit`, `DATA_ENV_VAR`, `load_tabular` (grader.data).
Shared tests: `random_steps`, `check_in_place`, `check_shapes` (optimizer rules);
`grace_s`, `conv_call` (training exercises).
"""

from grader.data import DATA_ENV_VAR, ImageSplit, load_images, load_tabular
from grader.engine.proxy import StudentError
from grader.engine.worker_side.harness.training import conv_call, grace_s
from grader.judge.checker import ForbiddenCall
from grader.judge.compare import Mismatch, assert_close
from grader.judge.diagnose import Mutant, mutants_of
from grader.judge.rule_checks import check_in_place, check_shapes, random_steps
from grader.wire.plain import to_plain

__all__ = [
    "Mutant", "mutants_of",
    "Mismatch", "ForbiddenCall", "StudentError",
    "to_plain", "assert_close",
    "DATA_ENV_VAR", "ImageSplit", "load_images", "load_tabular",
    "random_steps", "check_in_place", "check_shapes",
    "grace_s", "conv_call",
]
