"""Exercise `mlp_scratch`: a multilayer perceptron from raw parameter tensors.

Before `nn.Linear` and `nn.Sequential`, write the network by hand. A one-hidden-layer
MLP is two affine maps with a ReLU in between:

    H = relu(X @ W1 + b1)     # (N, in) @ (in, hidden) + (hidden,) -> (N, hidden)
    O = H @ W2 + b2           # (N, hidden) @ (hidden, out) + (out,) -> (N, out)

Note the layout: weights are (in, out) so the input multiplies from the left
(`nn.Linear` stores the transpose). The bias is broadcast over the rows.
Images of shape (N, 1, 28, 28) are flattened first with
`X.reshape(-1, num_in)`, where `num_in = W1.shape[0]`.

Weights start small and random (`randn * 0.01`) to break the symmetry between
hidden units; biases start at zero. All four tensors need `requires_grad=True`
so that an optimizer can train them.
"""

import torch


def init_params(num_in: int, num_hidden: int, num_out: int,
                generator: torch.Generator | None = None) -> list[torch.Tensor]:
    """The parameters `[W1, b1, W2, b2]` of a one-hidden-layer MLP.

    Shapes: W1 (num_in, num_hidden), b1 (num_hidden,), W2 (num_hidden, num_out),
    b2 (num_out,); all float32 leaf tensors with `requires_grad=True`.
    W1 and W2 are random, e.g. `torch.randn(shape, generator=generator) * 0.01`
    (the scale is yours: 0.1 or Xavier's sqrt(2 / (fan_in + fan_out)) work too),
    drawn from `generator` when one is given (else from torch's global generator);
    b1 and b2 are zeros.
    """
    raise NotImplementedError("init_params is not implemented yet")


def relu(X: torch.Tensor) -> torch.Tensor:
    """`max(X, 0)` elementwise; same shape and dtype as `X`.

    Write it yourself, e.g. `torch.max(X, torch.zeros_like(X))`, `torch.clamp` or
    `torch.where`, rather than calling `torch.relu`.
    """
    raise NotImplementedError("relu is not implemented yet")


def net(X: torch.Tensor, params: list[torch.Tensor]) -> torch.Tensor:
    """Forward pass: `relu(X.reshape(-1, num_in) @ W1 + b1) @ W2 + b2`.

    `params = [W1, b1, W2, b2]` as from `init_params`; `num_in = W1.shape[0]`.
    `X`: float32 of any shape whose elements number a multiple of `num_in`
    (e.g. (N, num_in) or (N, 1, 28, 28)). Returns logits of shape (N, num_out),
    differentiable with respect to the parameters.
    """
    raise NotImplementedError("net is not implemented yet")


if __name__ == "__main__":
    params = init_params(784, 256, 10, generator=torch.Generator().manual_seed(0))
    X = torch.rand(4, 1, 28, 28)
    print("logits shape:", net(X, params).shape)  # torch.Size([4, 10])
