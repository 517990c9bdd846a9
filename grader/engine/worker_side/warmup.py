"""Run once in the zygote so that forked workers start warm.

`light()` imports torch and numpy, pins torch to one intra-op thread (OpenMP state
must not be multi-threaded before a fork, or children can deadlock) and runs a small
job (a backward pass, a save/load) so lazy initialisation happens once. `full()` also
builds a `torch.optim` optimizer, whose first use imports `torch._dynamo` (seconds):
worth it for exercises whose student code trains with `torch.optim`, not for a single
rule check. CUDA is never touched.
"""

import io

LEVELS = ("light", "full")


def light() -> None:
    import numpy
    import numpy.random  # noqa: F401  (imported for the workers; lazy in numpy 2)
    import torch

    import grader.engine.worker_side.harness.calls  # noqa: F401
    import grader.engine.worker_side.harness.optim  # noqa: F401
    import grader.engine.worker_side.worker  # noqa: F401

    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    loss = torch.nn.functional.mse_loss(model(torch.randn(16, 4)), torch.randn(16, 1))
    loss.backward()
    buffer = io.BytesIO()
    torch.save({"weights": [p.detach() for p in model.parameters()]}, buffer)
    torch.load(io.BytesIO(buffer.getvalue()), weights_only=True)


def full() -> None:
    import torch

    light()
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.randn(8, 4)).sum().backward()
    optimizer.step()
    optimizer.zero_grad()
