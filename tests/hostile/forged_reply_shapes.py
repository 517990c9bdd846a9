# Forges replies of shapes no worker sends (it replaces grader.wire.channel.send, which the
# worker calls to answer): a list instead of a reply (4,), answers that are a list
# (3, 4), an error reply whose fields are not strings (5,), a meta-device tensor (6,),
# a sparse tensor of 10**12 elements (0-d); a correct rule when training the model.
import sys

import torch


_forged = []  # the payload that replaces the worker's next reply


def _forging_send(connection, message, real_send=sys.modules["grader.wire.channel"].send):
    real_send(connection, _forged.pop() if _forged else message)


# The worker answers with grader.wire.channel.send: from now on, through this function.
sys.modules["grader.wire.channel"].send = _forging_send


def _forge_next_reply(payload):
    _forged[:] = [payload]


def _answers(tensor):
    return {"ok": True, "answers": {"param": tensor, "state": {"square_avg": tensor},
                                    "returned_none": True, "forbidden": []}}


def _payload(shape):
    if shape == (4,):
        return [1, 2, 3]
    if shape == (3, 4):
        return {"ok": True, "answers": [1, 2, 3]}
    if shape == (5,):
        return {"ok": False, "missing": ["not", "a", "name"], "message": 5, "type": None}
    if shape == (6,):
        return _answers(torch.empty(6, device="meta"))
    if shape == ():
        indices = torch.tensor([[0]])
        return _answers(torch.sparse_coo_tensor(indices, torch.ones(1), (10**12,)))
    return None


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    payload = _payload(tuple(param.shape))
    if payload is not None:
        _forge_next_reply(payload)
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
