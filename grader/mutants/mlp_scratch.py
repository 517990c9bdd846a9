"""Named mistakes of `mlp_scratch`: the contract lists none (wrong answers get their
precise mismatch, with the suite's hints, and no label)."""

from grader.judge.api import Mutant

MUTANTS: list[Mutant] = []
