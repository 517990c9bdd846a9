# expect-status: graded
# expect-score: <10
# expect-misconceptions: cross_entropy.no_max_subtracted
# log_softmax written as log(exp(x) / sum(exp(x))) with no max subtracted; the rest is right.
import torch


def log_softmax(logits):
    exps = torch.exp(logits)
    probs = exps / exps.sum(dim=1, keepdim=True)
    return torch.log(probs)


def nll_loss(log_probs, targets):
    n = log_probs.shape[0]
    return -log_probs[range(n), targets].mean()


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)


if __name__ == "__main__":
    print(cross_entropy(torch.tensor([[2.0, 1.0, 0.1]]), torch.tensor([0])))
