"""The `mutants` check: every mutant is declared well (id `<stem>.<name>`, a title, a
hint, overrides of names the reference defines; several variants of one misconception
may share an id, with different overrides) and, graded as a real submission through the
worker, loses points and is named as exactly its own misconception (a training
exercise names mistakes by its probes without taking points, so there only the naming
counts).

A mutant's submission is the reference's source with, appended, the source file that
defines each override executed as a module of its own and the override bound to its
name (exactly what `Mutant.module` does in this process, so the reference's own
callers pick it up).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from grader import catalog
from grader.authoring.validate.checks import Check, verdict
from grader.authoring.validate.reference import last_error
from grader.catalog import Exercise
from grader.judge import runner
from grader.result import Status


def check_declarations(exercise: Exercise, files: catalog.ExerciseFiles) -> Check:
    """The mutants module declares well-formed, distinct mutants of the reference."""
    try:
        mutants = catalog.mutants(exercise.stem)
    except Exception as error:
        return verdict("mutants", [f"the mutants module does not import: "
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
    return verdict("mutants", reasons, f"{len(mutants)} declared")


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


def only_elsewhere(graded: dict) -> dict[str, str]:
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
        if result.status != Status.GRADED:
            reasons.append(f"{label} is graded {result.status}: "
                           f"{last_error(result.message)}")
            continue
        named = sorted({item.id for item in result.misconceptions})
        if not exercise.training and result.score >= result.max_score:
            reasons.append(f"{label} still gets full marks: no test catches this mistake")
        elif named != [mutant.id]:
            reasons.append(f"{label} is named {named or 'nothing'} (graded on "
                           f"{result.device}), not exactly itself" + _why_unnamed(result, named))
    return verdict("mutants", reasons, f"{len(graded)} named" if graded else "none")


def _why_unnamed(result, named: list[str]) -> str:
    if named:
        return ": add inputs on which these mutants differ"
    if result.score < result.max_score:
        return (": it loses points, but on some input that tells it from the reference "
                "its answers match no mutant (does a test compare only part of the answer?)")
    return ""
