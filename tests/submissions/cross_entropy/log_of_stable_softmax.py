# expect-status: graded
# expect-score: <10
# expect-message: your answer differs from the expected one
# Wrong (no named mistake): the max is subtracted, but the log is taken of the
# probabilities, so a probability that underflows to 0 gives log(0) = -inf.
import torch


def softmax_rows(x):
    e = torch.exp(x - x.amax(dim=1, keepdim=True))
    return e / e.sum(dim=1, keepdim=True)


def log_softmax(logits):
    return torch.log(softmax_rows(logits))


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(len(targets)), targets].mean()


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)
