# expect-status: graded
# expect-score: <10
# expect-outcome: test_cross_entropy_is_differentiable=passed
# expect-outcome: test_shapes_and_dtypes=passed
# expect-misconceptions: cross_entropy.sum_instead_of_mean
# nll_loss sums over the batch instead of averaging; the rest is right.
import torch


def log_softmax(logits):
    shifted = logits - logits.max(dim=1, keepdim=True).values
    return shifted - torch.log(torch.exp(shifted).sum(dim=1, keepdim=True))


def nll_loss(log_probs, targets):
    loss = 0
    for i in range(log_probs.shape[0]):
        loss = loss - log_probs[i, targets[i]]
    return loss


def cross_entropy(logits, targets):
    return nll_loss(log_softmax(logits), targets)
