# Looks everywhere for the reference (files and importable modules) and delegates to it;
# falls back to a wrong rule when nothing is found. Under the sandbox it must find nothing.
import glob
import importlib
import importlib.util
import os
import sys

import torch

stolen = None
for name in ("grader.solutions.rmsprop", "solutions.rmsprop", "grader.suites.rmsprop",
             "grader.mutants.rmsprop"):
    try:
        module = importlib.import_module(name)
    except Exception:
        continue
    if hasattr(module, "rmsprop_step"):
        stolen = module.rmsprop_step
        break

if stolen is None:
    roots = ["/work", "/root", "/home", "/tmp", "/srv", "/opt", os.path.expanduser("~"),
             *sys.path]
    for root in roots:
        for path in glob.glob(os.path.join(root, "**", "solutions", "rmsprop.py"),
                              recursive=True)[:1]:
            spec = importlib.util.spec_from_file_location("stolen", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            stolen = module.rmsprop_step
        if stolen is not None:
            break


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    if stolen is not None:
        return stolen(param, grad, square_avg, lr, alpha, eps)
    param.zero_()  # wrong on purpose: only a stolen reference could pass
