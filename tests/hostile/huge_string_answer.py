# Forges the worker's answers (it replaces grader.wire.channel.send, which the worker calls
# to answer): on (4,) tensors a 3 MB string and a dict with a 100 KB key, on (3, 4)
# ones a "missing name" reply whose name and message are 1.5 MB each; else a correct
# rule.
import sys

import torch


_forged = []  # the payload that replaces the worker's next reply


def _forging_send(connection, message, real_send=sys.modules["grader.wire.channel"].send):
    real_send(connection, _forged.pop() if _forged else message)


# The worker answers with grader.wire.channel.send: from now on, through this function.
sys.modules["grader.wire.channel"].send = _forging_send


def _forge_next_reply(payload):
    _forged[:] = [payload]


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    if param.shape == (4,):
        _forge_next_reply({"ok": True, "answers": {
            "param": "x" * 3_000_000, "state": {"k" * 100_000: 1.0},
            "returned_none": True, "forbidden": []}})
    elif param.shape == (3, 4):
        _forge_next_reply({"ok": False, "missing": "n" * 1_500_000,
                           "message": "m" * 1_500_000})
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
