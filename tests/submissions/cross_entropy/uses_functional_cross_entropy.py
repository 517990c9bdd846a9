# expect-status: graded
# expect-score: <10
# expect-message: torch.nn.functional.cross_entropy
# Forbidden: cross_entropy is torch.nn.functional.cross_entropy.
import torch
import torch.nn.functional as F


def log_softmax(logits):
    s = logits - logits.amax(dim=1, keepdim=True)
    return s - torch.log(torch.exp(s).sum(dim=1, keepdim=True))


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(log_probs.shape[0]), targets].mean()


def cross_entropy(logits, targets):
    return F.cross_entropy(logits, targets)
