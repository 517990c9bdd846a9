# expect-status: graded
# expect-score: <10
# expect-message: torch.log_softmax
# Forbidden: log_softmax calls torch.log_softmax through a helper.
import torch


def _normalise(x):
    return torch.log_softmax(x, dim=1)


def log_softmax(logits):
    return _normalise(logits)


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(log_probs.shape[0]), targets].mean()


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)
