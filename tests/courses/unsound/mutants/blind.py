"""Mistakes of `blind`: one the suite cannot catch, two it cannot tell apart."""

from grader.judge.api import Mutant


def _identity(x):
    return x


def _plus_one(x):
    return x + 1


def _abs_plus_one(x):
    return x.abs() + 1


MUTANTS = [
    Mutant("blind.identity", "returns x unchanged", "|x| is x only for x >= 0.",
           {"magnitude": _identity}),
    Mutant("blind.plus_one", "adds one", "|x| adds nothing.", {"magnitude": _plus_one}),
    Mutant("blind.abs_plus_one", "adds one to |x|", "|x| adds nothing.",
           {"magnitude": _abs_plus_one}),
]
