"""Named mistakes of `cross_entropy` (see the contract's misconceptions).

`no_max_subtracted` has two entries, one per way students write an unshifted
log-softmax: `log(exp(x) / sum(exp(x)))` (the contract's form) and
`x - log(sum(exp(x)))`. They overflow differently (NaN versus +-inf at logits of
+-1000), so a submission matches at most one of them and is named once.
"""

import torch

from grader.judge.api import Mutant


def _log_softmax_no_max(logits):
    exps = torch.exp(logits)
    return torch.log(exps / exps.sum(dim=1, keepdim=True))


def _log_softmax_no_max_logsumexp(logits):
    return logits - torch.log(torch.exp(logits).sum(dim=1, keepdim=True))


def _nll_loss_sum(log_probs, targets):
    picked = log_probs[torch.arange(log_probs.shape[0]), targets]
    return -picked.sum()


MUTANTS = [
    Mutant("cross_entropy.no_max_subtracted", "log-softmax without subtracting the row max",
           "`log(exp(x) / sum(exp(x)))` overflows: exp(1000.) is inf, so large logits give "
           "inf / inf = NaN (and tiny probabilities log(0) = -inf). Subtract the row max "
           "first, `s = x - x.amax(dim=1, keepdim=True)`, and return `s - log(sum(exp(s)))`: "
           "every exp is then at most 1.",
           {"log_softmax": _log_softmax_no_max}),
    Mutant("cross_entropy.no_max_subtracted", "log-softmax without subtracting the row max",
           "`x - log(sum(exp(x)))` overflows: exp(1000.) is inf, so large logits give "
           "log(inf) = inf and log-probabilities of -inf (and rows of very negative logits "
           "give log(0) = -inf, so +inf). Subtract the row max first, "
           "`s = x - x.amax(dim=1, keepdim=True)`, and return `s - log(sum(exp(s)))`: "
           "every exp is then at most 1.",
           {"log_softmax": _log_softmax_no_max_logsumexp}),
    Mutant("cross_entropy.sum_instead_of_mean", "the loss sums over the batch instead of averaging",
           "the loss is the mean `-(1/N) * sum_i log_probs[i, targets[i]]`: a sum grows with "
           "the batch size N, so the loss and its gradients (and the right learning rate) "
           "would depend on how many samples a batch holds.",
           {"nll_loss": _nll_loss_sum}),
]
