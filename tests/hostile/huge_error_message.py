# Forges the worker's error replies (it replaces grader.wire.channel.send, which the worker
# calls to answer): on (4,) tensors an exception whose message is 10 MB, on (3, 4) and
# (5,) ones an exception whose type name, message and traceback are 1 MB each; else a
# correct rule.
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
        _forge_next_reply({"ok": False, "type": "ValueError", "message": "m" * 10_000_000,
                           "traceback": "", "where": " (line 1)"})
    elif param.shape in ((3, 4), (5,)):
        _forge_next_reply({"ok": False, "type": "T" * 1_000_000, "message": "m" * 1_000_000,
                           "traceback": "t" * 1_000_000, "where": " (line 7)"})
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
