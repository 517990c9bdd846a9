# expect-status: graded
# expect-score: <10
# expect-misconceptions: cross_entropy.no_max_subtracted
# The other unshifted form: x - log(sum(exp(x))) with no max subtracted
# (log(inf) = inf at logits of 1000, log(0) = -inf at -1000); the rest is right.
import torch


def log_softmax(logits):
    return logits - torch.log(torch.exp(logits).sum(dim=1, keepdim=True))


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(len(targets)), targets].mean()


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)
