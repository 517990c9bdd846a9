# expect-status: graded
# expect-score: <10
# expect-message: your code uses torch.nn.functional.cross_entropy in `cross_entropy` (line 20), which this exercise forbids
# expect-message: your code uses torch.log_softmax in `log_softmax` (line 12), which this exercise forbids
# Imports the forbidden functions by name: bound at import, they escaped the tripwires.
import torch
from torch import log_softmax as torch_log_softmax
from torch.nn.functional import cross_entropy as F_cross_entropy


def log_softmax(logits):
    return torch_log_softmax(logits, dim=1)


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(log_probs.shape[0]), targets].mean()


def cross_entropy(logits, targets):
    return F_cross_entropy(logits, targets)
