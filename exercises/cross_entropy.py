"""Exercise `cross_entropy`: the multi-class classification loss, from scratch.

A classifier over C classes outputs one raw score (a *logit*) per class: a tensor
`logits` of shape (N, C) for a batch of N samples. Softmax turns each row into
probabilities; the loss of a sample is minus the log of the probability given to
its true class `t` (its *target*, an integer in 0..C-1):

    log_softmax(z)_c = z_c - log(sum_j exp(z_j))
    nll_loss         = -(1/N) * sum_i log_probs[i, targets[i]]
    cross_entropy    = nll_loss(log_softmax(logits), targets)

Stability: `log(exp(z) / sum(exp(z)))` overflows as soon as a logit is large
(exp(1000.) is inf). Since `log_softmax(z - c) == log_softmax(z)` for any constant
c, subtract the row maximum first: with `s = z - max_j z_j`,
`log_softmax(z) = s - log(sum_j exp(s_j))`, and every `exp` is at most 1.

Forbidden (a test fails naming the call): anything in `torch.nn.functional`,
`torch.nn.CrossEntropyLoss` (and `torch.nn.NLLLoss`), `torch.log_softmax`.
Allowed: `torch.exp`, `torch.log`, `.amax`, `.sum`, indexing, `torch.gather`, ...
"""

import torch


def log_softmax(logits: torch.Tensor) -> torch.Tensor:
    """Log-probabilities over the classes, along dim 1.

    `logits`: float tensor (N, C). Returns a tensor of the same shape and dtype with
    `out[i, c] = s[i, c] - log(sum_j exp(s[i, j]))`, where
    `s = logits - logits.amax(dim=1, keepdim=True)` (subtract the row max: finite
    for logits of 1000 or -1000). Each row of `out.exp()` sums to 1.
    """
    raise NotImplementedError("log_softmax is not implemented yet")


def nll_loss(log_probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean negative log-likelihood: `-(1/N) * sum_i log_probs[i, targets[i]]`.

    `log_probs`: float (N, C); `targets`: int64 (N,) of class indices in 0..C-1.
    Returns a 0-d tensor of the dtype of `log_probs` (the mean over the batch, not
    the sum); it stays differentiable (no `.item()`).
    """
    raise NotImplementedError("nll_loss is not implemented yet")


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy: `nll_loss(log_softmax(logits), targets)`.

    `logits`: float (N, C) raw scores (no softmax applied); `targets`: int64 (N,)
    class indices. Returns a 0-d tensor, the mean over the batch; finite for
    logits as large as +-1000. Equals `torch.nn.functional.cross_entropy`, which
    you may not call.
    """
    raise NotImplementedError("cross_entropy is not implemented yet")


if __name__ == "__main__":
    logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1000.0, 0.0, -1000.0]])
    targets = torch.tensor([0, 1, 0])
    print("log_softmax:", log_softmax(logits))
    print("cross entropy:", cross_entropy(logits, targets).item())
