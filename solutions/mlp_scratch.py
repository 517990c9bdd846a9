"""Reference for `mlp_scratch`: an MLP written with raw tensors."""

import torch


def init_params(num_in: int, num_hidden: int, num_out: int,
                generator: torch.Generator | None = None) -> list[torch.Tensor]:
    """`[W1, b1, W2, b2]`: small random weights (W1 drawn first), zero biases."""
    W1 = torch.randn(num_in, num_hidden, generator=generator) * 0.01
    b1 = torch.zeros(num_hidden)
    W2 = torch.randn(num_hidden, num_out, generator=generator) * 0.01
    b2 = torch.zeros(num_out)
    params = [W1, b1, W2, b2]
    for p in params:
        p.requires_grad_(True)
    return params


def relu(X: torch.Tensor) -> torch.Tensor:
    """`max(X, 0)` elementwise."""
    return torch.max(X, torch.zeros_like(X))


def net(X: torch.Tensor, params: list[torch.Tensor]) -> torch.Tensor:
    """`relu(X @ W1 + b1) @ W2 + b2` on the flattened input."""
    W1, b1, W2, b2 = params
    X = X.reshape(-1, W1.shape[0])  # (N, in)
    H = relu(X @ W1 + b1)  # (N, hidden)
    return H @ W2 + b2  # (N, out)
