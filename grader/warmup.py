"""Preloaded once by the zygote: make forked workers start warm.

Importing this module imports torch and numpy, pins torch to one intra-op thread
(OpenMP state must not be multi-threaded before a fork, or children can deadlock) and
runs a small representative job (an optimizer step, a backward pass, a save/load) so
lazy imports happen once here instead of in every worker. CUDA is never touched.
"""

import io

import numpy  # noqa: F401  (imported for the workers)
import torch

import grader.harness.calls  # noqa: F401
import grader.harness.optim  # noqa: F401
import grader.worker  # noqa: F401

torch.set_num_threads(1)


def _representative_job() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss = torch.nn.functional.mse_loss(model(torch.randn(16, 4)), torch.randn(16, 1))
    loss.backward()
    optimizer.step()
    buffer = io.BytesIO()
    torch.save({"weights": [p.detach() for p in model.parameters()]}, buffer)
    torch.load(io.BytesIO(buffer.getvalue()), weights_only=True)


_representative_job()
