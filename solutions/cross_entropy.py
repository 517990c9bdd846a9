"""Reference for `cross_entropy`: stable log-softmax, NLL and their composition.

No torch.nn.functional, no nn.CrossEntropyLoss, no torch.log_softmax.
"""

import torch


def log_softmax(logits: torch.Tensor) -> torch.Tensor:
    """`s - log(sum(exp(s)))` along dim 1, with `s = logits - row max`."""
    s = logits - logits.amax(dim=1, keepdim=True)  # (N, C), max of each row is 0
    return s - torch.log(torch.exp(s).sum(dim=1, keepdim=True))


def nll_loss(log_probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """`-mean_i log_probs[i, targets[i]]`."""
    picked = log_probs[torch.arange(log_probs.shape[0]), targets]  # (N,)
    return -picked.mean()


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of raw logits against class indices."""
    return nll_loss(log_softmax(logits), targets)
