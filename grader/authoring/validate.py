"""`grade validate`: prove an exercise sound before the first student submits.

Each exercise (built-in or from a course, grader.authoring.course) gets one row of checks:

- `interface`: the stub, solution and suite exist; the stub and the solution define the
  same public names, the catalog's names among them, with the same signatures
  (parameter names, kinds and defaults; annotations are not compared);
- `markers`: every test has one `points(n)` (n > 0) and exactly one of `public`/`hidden`,
  every hidden test a docstring (its first line is the student's hint), and the points
  sum to the catalog's;
- `mutants`: every mutant is declared well (id `<stem>.<name>`, a title, a hint, overrides
  of names the reference defines; several variants of one misconception may share an
  id, with different overrides) and, graded as a submission, loses points
  and is named as exactly its own misconception (a training exercise names mistakes by
  its probes without taking points, so there only the naming counts);
- `reference`: the reference gets full marks and no label;
- `stub`: the untouched stub gets 0 as `not_implemented` (a stub that earns points
  leaks the answer, or a test passes without a solution);
- `separated`: on the inputs the suite recorded, every mutant differs from the
  reference and from every other mutant (else diagnosis cannot tell them apart);
- `repeatable`: grading the reference twice gives the same outcomes and points;
- `runtime`: the reference is graded within RUNTIME_SHARE of the time limit.

A mutant is graded as a real submission, through the worker: the reference's source
with, appended, the source file that defines each override executed as a module of its
own and the override bound to its name (exactly what `Mutant.module` does in this
process, so the reference's own callers pick it up).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path

import pytest

from grader import catalog
from grader.authoring import course
from grader.judge import markers, runner
from grader.catalog import Exercise
from grader.judge.checker import Comparison, run_trusted
from grader.judge.compare import Mismatch, assert_close

RUNTIME_SHARE = 0.5  # a reference must be graded in half its time limit: room for slow hosts
CHECKS = ("interface", "markers", "mutants", "reference", "stub", "separated",
          "repeatable", "runtime")
STATIC = ("interface", "markers", "mutants")


@dataclass
class Check:
    """One cell of the table: passed (True), fell short (False) or skipped (None)."""

    name: str
    ok: bool | None
    summary: str
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown even when it passed


@dataclass
class ExerciseReport:
    """One row: an exercise and its checks."""

    stem: str
    origin: str
    checks: list[Check] = field(default_factory=list)
    duration_s: float = 0.0

    @property
    def ok(self) -> bool:
        return all(check.ok is not False for check in self.checks)

    def check(self, name: str) -> Check | None:
        return next((check for check in self.checks if check.name == name), None)

    def to_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def _check(name: str, reasons: list[str], summary: str) -> Check:
    reasons = list(dict.fromkeys(reasons))  # each reason once
    return Check(name, not reasons, summary if not reasons else "FAIL", reasons)


def _skipped(name: str, why: str) -> Check:
    return Check(name, None, "skip", [why])


# ---- the whole run -------------------------------------------------------------------

def validate(stems: list[str] | None = None, static_only: bool = False,
             skip_training: bool = False, on_row=None) -> list[ExerciseReport]:
    """Validate `stems` (default: every exercise); `on_row(report)` sees each row."""
    exercises = [catalog.get(stem) for stem in stems] if stems else list(catalog.exercises())
    reports = []
    for exercise in exercises:
        try:
            report = validate_exercise(exercise, static_only, skip_training)
        except Exception as error:  # validation itself failed: still a row, with why
            report = ExerciseReport(exercise.stem, exercise.origin, [Check(
                "error", False, "FAIL", [f"validation failed: {type(error).__name__}: {error}"])])
        reports.append(report)
        if on_row is not None:
            on_row(report)
    return reports


def validate_exercise(exercise: Exercise, static_only: bool = False,
                      skip_training: bool = False) -> ExerciseReport:
    """Every check of one exercise (the dynamic ones unless `static_only`)."""
    started = time.monotonic()
    report = ExerciseReport(exercise.stem, exercise.origin)
    files = catalog.files(exercise.stem)
    report.checks += [check_interface(exercise, files), check_markers(exercise, files)]
    declared = check_declarations(exercise, files)
    if static_only:
        report.checks.append(declared)
    elif report.checks[0].reasons and files.missing():
        report.checks += [declared] + [_skipped(name, "files missing") for name in CHECKS[3:]]
    else:
        report.checks += _dynamic(exercise, files, declared, skip_training)
    report.duration_s = round(time.monotonic() - started, 2)
    return report


def _dynamic(exercise: Exercise, files: catalog.ExerciseFiles, declared: Check,
             skip_training: bool) -> list[Check]:
    stub = check_stub(exercise, files)
    if exercise.training and skip_training:
        why = "training exercise: skipped (--skip-training)"
        return [declared if declared.reasons else _skipped("mutants", why),
                _skipped("reference", why), stub,
                *(_skipped(name, why) for name in ("separated", "repeatable", "runtime"))]
    first, runs = _grade_reference(exercise, files)
    second, _ = _grade_reference(exercise, files)
    mutant_results = grade_mutants(exercise, files) if not declared.reasons else {}
    elsewhere = _only_elsewhere(mutant_results)
    checkable = {label: graded for label, graded in mutant_results.items()
                 if label not in elsewhere}
    mutants = declared if declared.reasons else check_mutants(exercise, checkable)
    mutants.notes += list(elsewhere.values())
    return [mutants, check_reference(exercise, first), stub,
            check_separated(exercise, files, runs, checkable),
            check_repeatable(first, second), check_runtime(exercise, first, second)]


# ---- static checks ---------------------------------------------------------------------

def check_interface(exercise: Exercise, files: catalog.ExerciseFiles) -> Check:
    """Files present; same public names and signatures in stub and solution."""
    reasons = [f"missing {kind}/{exercise.stem}.py" for kind in files.missing()]
    if files.stub is None or files.solution is None:
        return _check("interface", reasons, "")
    try:
        stub, solution = catalog.stub(exercise.stem), catalog.reference(exercise.stem)
    except Exception as error:  # an author's file that does not even import
        return _check("interface", [f"cannot import: {type(error).__name__}: {error}"], "")
    stub_names = set(course.public_names(files.stub))
    solution_names = set(course.public_names(files.solution))
    for name in sorted(stub_names - solution_names):
        reasons.append(f"the stub defines `{name}`, the solution does not")
    for name in sorted(solution_names - stub_names):
        reasons.append(f"the solution defines `{name}`, the stub does not")
    for name in exercise.names:
        for label, module in (("stub", stub), ("solution", solution)):
            if not hasattr(module, name):
                reasons.append(f"the {label} lacks `{name}` (a name of the exercise)")
    for name in sorted(stub_names & solution_names):
        reasons += _signature_differences(name, getattr(stub, name, None),
                                          getattr(solution, name, None))
    return _check("interface", reasons, f"{len(stub_names)} names")


def _signature_differences(name: str, stub_object, solution_object) -> list[str]:
    pairs = [(name, stub_object, solution_object)]
    if inspect.isclass(stub_object) and inspect.isclass(solution_object):
        methods = {key for key, value in vars(solution_object).items()
                   if callable(value) and not key.startswith("_")}
        methods |= {key for key, value in vars(stub_object).items()
                    if callable(value) and not key.startswith("_")}
        pairs += [(f"{name}.{method}", getattr(stub_object, method, None),
                   getattr(solution_object, method, None)) for method in sorted(methods)]
    reasons = []
    for label, left, right in pairs:
        stub_shape, solution_shape = _shape(left), _shape(right)
        if stub_shape != solution_shape:
            reasons.append(f"`{label}` has signature {stub_shape[1]} in the stub but "
                           f"{solution_shape[1]} in the solution")
    return reasons


def _shape(target) -> tuple:
    """(comparable form, text) of a callable's signature; annotations left out."""
    if target is None:
        return (None, "(missing)")
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return ("?", "(no signature)")
    parameters = [parameter.replace(annotation=inspect.Parameter.empty)
                  for parameter in signature.parameters.values()]
    plain = signature.replace(parameters=parameters,
                              return_annotation=inspect.Signature.empty)
    return (tuple((p.name, p.kind, repr(p.default)) for p in parameters), str(plain))


@dataclass
class SuiteItem:
    """One collected test of a suite: its markers as the grading plugin will read them."""

    name: str
    points: tuple
    public: bool
    hidden: bool
    hint: str


class _Collector:
    """Collects a suite's tests and their markers without running any."""

    def __init__(self):
        self.items: list[SuiteItem] = []
        self.errors: list[str] = []

    def pytest_configure(self, config):
        markers.register(config)

    def pytest_collection_modifyitems(self, items):
        for item in items:
            marker = item.get_closest_marker("points")
            self.items.append(SuiteItem(
                item.name, tuple(marker.args) if marker else (),
                item.get_closest_marker("public") is not None,
                item.get_closest_marker("hidden") is not None,
                (getattr(item, "function", None).__doc__ or "").strip()))

    def pytest_collectreport(self, report):
        if report.failed:
            self.errors.append(str(report.longrepr)[-600:])


def collect(suite: Path) -> _Collector:
    """The tests of `suite`, collected the way the runner runs it."""
    collector = _Collector()
    arguments = [str(suite), "--collect-only", "-q", "-c", str(runner.SUITES / "pytest.ini"),
                 "--rootdir", str(runner.SUITES), "-p", "no:randomly", "-p", "no:timeout"]
    if suite.parent != runner.SUITES:
        arguments.append("--import-mode=importlib")
    log = io.StringIO()
    with runner._plugin_autoload_disabled(), contextlib.redirect_stdout(log), \
            contextlib.redirect_stderr(log):
        pytest.main(arguments, plugins=[collector])
    return collector


def check_markers(exercise: Exercise, files: catalog.ExerciseFiles) -> Check:
    """Points and visibility on every test; hints on hidden ones; the points' sum."""
    if files.suite is None:
        return _check("markers", ["no suite"], "")
    collected = collect(files.suite)
    reasons = [f"the suite does not collect: {error.strip()}" for error in collected.errors]
    if not collected.items and not reasons:
        reasons.append("the suite has no tests")
    total = 0.0
    for item in collected.items:
        reasons += _item_problems(item)
        if len(item.points) == 1 and _positive(item.points[0]):
            total += item.points[0]
    if collected.items and abs(total - exercise.points) > 1e-9:
        reasons.append(f"the points sum to {total:g}, the catalog says {exercise.points}")
    return _check("markers", reasons, f"{len(collected.items)} tests {total:g} pts")


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _item_problems(item: SuiteItem) -> list[str]:
    problems = []
    if not item.points:
        problems.append(f"{item.name} has no points marker")
    elif len(item.points) != 1 or not _positive(item.points[0]):
        problems.append(f"{item.name}: points{item.points} should be one positive number")
    if item.public == item.hidden:
        problems.append(f"{item.name} must be marked exactly one of public/hidden")
    if item.hidden and not item.hint:
        problems.append(f"{item.name} is hidden but has no docstring: its first line is "
                        f"the student's hint")
    return problems


def check_declarations(exercise: Exercise, files: catalog.ExerciseFiles) -> Check:
    """The mutants module declares well-formed, distinct mutants of the reference."""
    try:
        mutants = catalog.mutants(exercise.stem)
    except Exception as error:
        return _check("mutants", [f"the mutants module does not import: "
                                  f"{type(error).__name__}: {error}"], "")
    reasons = []
    try:
        reference_names = set(vars(catalog.reference(exercise.stem)))
    except Exception:  # reported by the interface check
        reference_names = None
    for mutant in mutants:
        twin = next((other for other in mutants if other is not mutant and other.id == mutant.id
                     and other.overrides == mutant.overrides), None)
        if twin is not None:
            reasons.append(f"{mutant.id} is declared twice with the same overrides")
        if not mutant.id.startswith(f"{exercise.stem}.") or \
                not mutant.id.partition(".")[2].isidentifier():
            reasons.append(f"mutant id {mutant.id!r} should be {exercise.stem}.<snake_case>")
        if not mutant.title.strip() or not mutant.hint.strip():
            reasons.append(f"{mutant.id} needs a title and a hint that teaches")
        if not mutant.overrides:
            reasons.append(f"{mutant.id} overrides nothing: it is the reference itself")
        for name in mutant.overrides:
            if reference_names is not None and name not in reference_names:
                reasons.append(f"{mutant.id} overrides `{name}`, which the reference "
                               f"does not define")
    return _check("mutants", reasons, f"{len(mutants)} declared")


# ---- grading the reference, the stub and the mutants -------------------------------------

def _grade_reference(exercise: Exercise, files: catalog.ExerciseFiles):
    assert files.solution is not None  # the dynamic checks run only on complete exercises
    runs: list[runner.SuiteRun] = []
    result = runner.grade(files.solution, exercise.stem, observe=runs.append)
    return result, runs


def _failures(result) -> list[str]:
    if result.status not in ("graded", "not_implemented"):
        return [f"status {result.status}: {_last_error(result.message)}"]
    return [f"{case.name} {case.outcome}: {case.message[:300]}"
            for case in result.tests if case.outcome != "passed"]


def _last_error(message: str) -> str:
    """An internal error's gist: its last `...Error: ...` line, not pytest's traceback."""
    lines = [line.replace("INTERNALERROR>", "").strip() for line in message.splitlines()]
    errors = [line for line in lines if "Error: " in line or "Exception: " in line]
    gist = errors[-1] if errors else (lines[0] if lines else "")
    return gist if len(gist) <= 300 else gist[:297] + "..."


def check_reference(exercise: Exercise, result) -> Check:
    """Full marks, every test passed, no label."""
    reasons = _failures(result)
    if not reasons and result.score != exercise.points:
        reasons.append(f"the reference gets {result.score:g}/{exercise.points}")
    if result.misconceptions:
        reasons.append(f"the reference is labelled {[m.id for m in result.misconceptions]}")
    return _check("reference", reasons, f"{result.score:g}/{result.max_score:g}")


def check_stub(exercise: Exercise, files: catalog.ExerciseFiles) -> Check:
    """The untouched stub: 0 points, status not_implemented."""
    assert files.stub is not None  # the dynamic checks run only on complete exercises
    result = runner.grade(files.stub, exercise.stem)
    reasons = []
    if result.score > 0:
        passing = [case.name for case in result.tests if case.points > 0]
        reasons.append(f"the stub earns {result.score:g} points ({', '.join(passing)}): it "
                       f"leaks the answer, or a test passes without a solution")
    elif result.status != "not_implemented":
        reasons.append(f"the stub's status is {result.status}, not not_implemented: every "
                       f"public name should raise NotImplementedError"
                       + (f" ({_last_error(result.message)})" if result.message else ""))
    return _check("stub", reasons, "0 n/i")


def mutant_source(mutant, reference_file: Path) -> str:
    """The reference's source with `mutant`'s overrides swapped in, as one file."""
    modules: dict[str, int] = {}
    bindings = []
    for name, target in mutant.overrides.items():
        qualname = getattr(target, "__qualname__", "")
        if not qualname.isidentifier():
            raise ValueError(f"override `{name}` of {mutant.id} ({qualname or target!r}) "
                             f"must be a top-level function or class of its module")
        defining = sys.modules.get(getattr(target, "__module__", ""))  # not a decorator's
        source_file = getattr(defining, "__file__", None)
        if not source_file:
            raise ValueError(f"override `{name}` of {mutant.id}: its module has no file")
        index = modules.setdefault(source_file, len(modules))
        bindings.append(f"{name} = _torchgrade_mutant_{index}.{qualname}")
    loads = [f"_torchgrade_mutant_{index} = _torchgrade_load("
             f"{Path(path).read_text(encoding='utf-8')!r}, {Path(path).name!r}, {index})"
             for path, index in modules.items()]
    return "\n".join([reference_file.read_text(encoding="utf-8"), "",
                      f"# ---- grade validate: mutant {mutant.id} ----", _LOADER,
                      *loads, *bindings, ""])


_LOADER = '''
def _torchgrade_load(source, filename, index):
    import sys, types
    module = types.ModuleType(f"_torchgrade_mutant_{index}")
    module.__file__ = filename
    sys.modules[module.__name__] = module
    exec(compile(source, filename, "exec"), module.__dict__)
    return module
'''


def grade_mutants(exercise: Exercise, files: catalog.ExerciseFiles) -> dict:
    """label -> (Mutant, SubmissionResult or the error that kept it from grading).

    The label is the mutant's id, with `(variant k)` when several mutants share one id
    (several ways of writing one misconception, e.g. cross_entropy.no_max_subtracted).
    """
    assert files.solution is not None  # the dynamic checks run only on complete exercises
    graded: dict[str, tuple[object, object]] = {}  # label -> (mutant, result or error)
    with tempfile.TemporaryDirectory(prefix="torchgrade-validate-") as folder:
        for label, mutant in _labelled(catalog.mutants(exercise.stem)):
            try:
                path = Path(folder) / f"{exercise.stem}.py"
                path.write_text(mutant_source(mutant, files.solution), encoding="utf-8")
                graded[label] = (mutant, runner.grade(path, exercise.stem, judge_source=False))
            except (ValueError, OSError, TypeError) as error:
                graded[label] = (mutant, error)
    return graded


def _labelled(mutants: list) -> list[tuple[str, object]]:
    ids = [mutant.id for mutant in mutants]
    labelled = []
    for index, mutant in enumerate(mutants):
        if ids.count(mutant.id) > 1:
            variant = ids[:index + 1].count(mutant.id)
            labelled.append((f"{mutant.id} (variant {variant})", mutant))
        else:
            labelled.append((mutant.id, mutant))
    return labelled


def _only_elsewhere(graded: dict) -> dict[str, str]:
    """label -> note, for mutants whose mistake cannot show on the device they were
    graded on (`Mutant.devices`, e.g. a device mistake on a CPU-only machine)."""
    notes = {}
    for label, (mutant, result) in graded.items():
        device = getattr(result, "device", "cpu").split(":")[0]
        if mutant.devices and device not in mutant.devices:
            notes[label] = (f"{label} can show only on {', '.join(mutant.devices)}; graded "
                            f"on {device}, so not checked here")
    return notes


def check_mutants(exercise: Exercise, graded: dict) -> Check:
    """Each mutant loses points (unless training) and is named as exactly itself."""
    reasons = []
    for label, (mutant, result) in graded.items():
        if isinstance(result, Exception):
            reasons.append(f"{label} cannot be graded as a submission: {result}")
            continue
        if result.status != "graded":
            reasons.append(f"{label} is graded {result.status}: "
                           f"{_last_error(result.message)}")
            continue
        named = sorted({item.id for item in result.misconceptions})
        if not exercise.training and result.score >= result.max_score:
            reasons.append(f"{label} still gets full marks: no test catches this mistake")
        elif named != [mutant.id]:
            reasons.append(f"{label} is named {named or 'nothing'} (graded on "
                           f"{result.device}), not exactly itself" + _why_unnamed(result, named))
    return _check("mutants", reasons, f"{len(graded)} named" if graded else "none")


def _why_unnamed(result, named: list[str]) -> str:
    if named:
        return ": add inputs on which these mutants differ"
    if result.score < result.max_score:
        return (": it loses points, but on some input that tells it from the reference "
                "its answers match no mutant (does a test compare only part of the answer?)")
    return ""


def check_separated(exercise: Exercise, files: catalog.ExerciseFiles, runs: list,
                    graded: dict) -> Check:
    """Every mutant differs from the reference and from every other mutant on some
    recorded input (or, where the suite records none, is named apart by its probes)."""
    if not graded:
        return _check("separated", [], "no mutants")
    comparisons = runs[0].comparisons if runs else []
    alone = {label: _named_alone(mutant, result) for label, (mutant, result) in graded.items()}
    answers = {label: _answers(mutant.module(runs[0].reference), comparisons)
               if comparisons else [] for label, (mutant, _) in graded.items()}
    reference_answers = [comparison.expected for comparison in comparisons]
    reasons = [f"{label} gives the reference's answers on every input of the suite"
               for label, given in answers.items()
               if not alone[label] and not _differ(given, reference_answers, comparisons)]
    pairs = [(left, right) for left, right in combinations(answers, 2)
             if graded[left][0].id != graded[right][0].id]  # variants of one mistake may agree
    reasons += [f"{left} and {right} give the same answers on every input of the suite"
                f"{'' if comparisons else ' (it records none)'}, and the suite does not "
                f"name each alone: add an input on which they differ"
                for left, right in pairs
                if not (alone[left] and alone[right])
                and not _differ(answers[left], answers[right], comparisons)]
    return _check("separated", reasons, f"{len(pairs)} pairs")


def _named_alone(mutant, result) -> bool:
    """Graded as a submission, the mutant was named as itself and nothing else (by
    diagnosis or by the suite's own probes)."""
    return not isinstance(result, Exception) and \
        {item.id for item in result.misconceptions} == {mutant.id}


def _answers(module, comparisons: list[Comparison]) -> list:
    given: list = []  # answers dicts, or a _Crash
    for comparison in comparisons:
        try:
            given.append(run_trusted(module, comparison.harness, comparison.inputs,
                                     seed=comparison.seed))
        except Exception as error:  # a mutant may crash where the reference does not
            given.append(_Crash(f"{type(error).__name__}: {error}"))
    return given


@dataclass(frozen=True)
class _Crash:
    what: str


def _differ(left: list, right: list, comparisons: list[Comparison]) -> bool:
    return any(not _same(a, b, comparison) for a, b, comparison in zip(left, right, comparisons))


def _same(left, right, comparison: Comparison) -> bool:
    if isinstance(left, _Crash) or isinstance(right, _Crash):
        return left == right
    try:
        for name in comparison.outputs:
            assert_close(actual=left.get(name), expected=right.get(name),
                         rtol=comparison.rtol, atol=comparison.atol, what=name)
    except (Mismatch, KeyError):
        return False
    return True


def _fingerprint(result) -> tuple:
    return (result.status, result.score,
            tuple((case.name, case.outcome, case.points) for case in result.tests),
            tuple(sorted(item.id for item in result.misconceptions)))


def check_repeatable(first, second) -> Check:
    """The same outcomes, points and labels twice."""
    reasons = []
    if _fingerprint(first) != _fingerprint(second):
        before = {case.name: (case.outcome, case.points) for case in first.tests}
        changed = [f"{case.name}: {before.get(case.name)} then {(case.outcome, case.points)}"
                   for case in second.tests if before.get(case.name) != (case.outcome,
                                                                        case.points)]
        reasons.append("grading the reference twice gave different results"
                       + (f" ({'; '.join(changed)})" if changed else
                          f" ({first.status} {first.score:g} then "
                          f"{second.status} {second.score:g})"))
    return _check("repeatable", reasons, "same")


def check_runtime(exercise: Exercise, first, second) -> Check:
    """The faster of the two reference gradings within RUNTIME_SHARE of the limit."""
    seconds = min(first.duration_s, second.duration_s)
    allowed = RUNTIME_SHARE * exercise.time_limit_s
    reasons = []
    if seconds > allowed:
        reasons.append(f"grading the reference takes {seconds:.1f} s; the limit is "
                       f"{exercise.time_limit_s:g} s, so it should take at most "
                       f"{allowed:g} s ({RUNTIME_SHARE:.0%}) to leave room for slow hosts")
    return _check("runtime", reasons, f"{seconds:.1f}/{exercise.time_limit_s:g}s")


# ---- the table -------------------------------------------------------------------------

_WIDTHS = {"interface": 9, "markers": 15, "mutants": 11, "reference": 9, "stub": 5,
           "separated": 15, "repeatable": 10, "runtime": 9}


def table_header(stem_width: int = 20) -> str:
    cells = [f"{'stem':<{stem_width}}"] + [f"{name:<{_WIDTHS[name]}}" for name in CHECKS]
    return " ".join(cells + ["verdict", "origin"])


def table_row(report: ExerciseReport, stem_width: int = 20) -> str:
    cells = [f"{report.stem:<{stem_width}}"]
    for name in CHECKS:
        check = report.check(name)
        cells.append(f"{(check.summary if check else '-'):<{_WIDTHS[name]}}")
    return " ".join(cells + [f"{'ok' if report.ok else 'FAIL':<7}", report.origin])


def reasons_text(reports: list[ExerciseReport]) -> str:
    """Why each failing row failed, one line per reason."""
    lines = []
    for report in reports:
        failed = [check for check in report.checks if check.ok is False]
        notes = [f"  {check.name} (note): {note}" for check in report.checks
                 for note in check.notes]
        if failed or notes:
            lines.append(f"{report.stem}:")
            lines += [f"  {check.name}: {reason}" for check in failed
                      for reason in check.reasons] + notes
    return "\n".join(lines)
