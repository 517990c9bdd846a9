# expect-status: graded
# expect-score: =10
# Correct, the course's (d2l) style: pick the true class with fancy indexing
# `y_hat[range(len(y_hat)), y]`, the max subtracted with `.max(dim=1, keepdim=True)`.
import torch


def log_softmax(logits):
    X = logits - logits.max(dim=1, keepdim=True).values
    return X - torch.log(torch.exp(X).sum(1, keepdim=True))


def nll_loss(log_probs, targets):
    return -log_probs[range(len(log_probs)), targets].mean()


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)


y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(cross_entropy(y_hat, y))
