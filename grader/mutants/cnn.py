"""Named mistakes of `cnn`: the same three training mistakes as `mlp`
(see grader/mutants/mlp.py for how a training exercise names them)."""

from grader.mutants.mlp import mutants

MUTANTS = mutants("cnn")
