# Tries the network at import (127.0.0.1 and an outside address, 1 s each). The rule is
# correct only when both attempts fail, so full marks prove that no connection worked.
import socket

import torch

PORT = 0  # the test writes the port of a listener it opened on 127.0.0.1

connected = []
for address in (("127.0.0.1", PORT), ("10.255.255.1", 80), ("1.1.1.1", 443)):
    try:
        with socket.create_connection(address, timeout=1):
            connected.append(address)
    except OSError:
        pass


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    if connected:
        param.zero_()
        return
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
