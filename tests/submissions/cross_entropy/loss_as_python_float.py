# expect-status: graded
# expect-score: <10
# expect-message: should return a torch tensor
# Wrong (no named mistake): the losses are returned as Python floats (.item()),
# so nothing can be backpropagated through them.
import torch


def log_softmax(logits):
    s = logits - logits.amax(dim=1, keepdim=True)
    return s - s.exp().sum(dim=1, keepdim=True).log()


def nll_loss(log_probs, targets):
    total = 0.0
    for row, t in zip(log_probs, targets):
        total += row[t].item()
    return -total / len(targets)


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)
