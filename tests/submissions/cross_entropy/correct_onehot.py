# expect-status: graded
# expect-score: =10
# Correct, another style: max with detach, a one-hot mask, sum / N.
import torch


def log_softmax(logits):
    m, _ = torch.max(logits, dim=1, keepdim=True)
    z = logits - m.detach()
    log_sum = torch.log(torch.sum(torch.exp(z), dim=1, keepdim=True))
    return z - log_sum


def nll_loss(log_probs, targets):
    n, c = log_probs.shape
    one_hot = torch.zeros(n, c, dtype=log_probs.dtype)
    one_hot[torch.arange(n), targets] = 1.0
    return -(one_hot * log_probs).sum() / n


def cross_entropy(logits, targets):
    log_probs = log_softmax(logits)
    return nll_loss(log_probs, targets)
