# expect-status: graded
# expect-score: =10
# Correct: logsumexp and gather.
import torch


def log_softmax(logits):
    return logits - torch.logsumexp(logits, dim=1, keepdim=True)


def nll_loss(log_probs, targets):
    picked = log_probs.gather(1, targets.unsqueeze(1)).squeeze(1)   # (N,)
    return -picked.mean()


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)


logits = torch.randn(4, 3)
targets = torch.tensor([0, 1, 2, 1])
print("my loss:", cross_entropy(logits, targets).item())
print("torch:", torch.nn.functional.cross_entropy(logits, targets).item())
