"""The `interface` check: the files are there, and the stub and the solution define
the same public names, the exercise's among them, with the same signatures (parameter
names, kinds and defaults; annotations are not compared)."""

from __future__ import annotations

import inspect

from grader import catalog
from grader.catalog import course
from grader.authoring.validate.checks import Check, verdict
from grader.catalog import Exercise


def check_interface(exercise: Exercise, files: catalog.ExerciseFiles) -> Check:
    """Files present; same public names and signatures in stub and solution."""
    reasons = [f"missing {kind}/{exercise.stem}.py" for kind in files.missing()]
    if files.stub is None or files.solution is None:
        return verdict("interface", reasons, "")
    try:
        stub, solution = catalog.stub(exercise.stem), catalog.reference(exercise.stem)
    except Exception as error:  # an author's file that does not even import
        return verdict("interface", [f"cannot import: {type(error).__name__}: {error}"], "")
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
    return verdict("interface", reasons, f"{len(stub_names)} names")


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
