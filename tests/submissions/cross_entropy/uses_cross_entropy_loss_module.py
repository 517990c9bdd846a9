# expect-status: graded
# expect-score: <10
# expect-message: torch.nn.CrossEntropyLoss
# Forbidden: cross_entropy builds an nn.CrossEntropyLoss; log_softmax and nll_loss are fine.
import torch


def log_softmax(logits):
    s = logits - logits.amax(dim=1, keepdim=True)
    return s - torch.log(torch.exp(s).sum(dim=1, keepdim=True))


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(len(targets)), targets].mean()


def cross_entropy(logits, targets):
    criterion = torch.nn.CrossEntropyLoss()
    return criterion(logits, targets)
