# expect-status: graded
# expect-score: =10
# Correct, a third style: cross_entropy computed directly as logsumexp - picked logit
# (written by hand with the max), not through log_softmax and nll_loss; sum / N.
import torch


def _logsumexp_rows(x):
    m = x.max(1, keepdim=True)[0]
    return m + (x - m).exp().sum(1, keepdim=True).log()   # (N, 1)


def log_softmax(logits):
    return logits - _logsumexp_rows(logits)


def nll_loss(log_probs, targets):
    n = log_probs.size(0)
    return -log_probs[range(n), targets].sum() / n


def cross_entropy(logits, targets):
    picked = logits[torch.arange(logits.size(0)), targets]            # (N,)
    return (_logsumexp_rows(logits).squeeze(1) - picked).mean()
