# expect-status: graded
# expect-score: <10
# expect-message: log_softmax(logits of shape (3, 4)) differs
# Wrong (no named mistake): log-softmax over the batch (dim 0) instead of the classes.
import torch


def log_softmax(logits):
    s = logits - logits.amax(dim=0, keepdim=True)
    return s - torch.log(torch.exp(s).sum(dim=0, keepdim=True))


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(log_probs.shape[0]), targets].mean()


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)
