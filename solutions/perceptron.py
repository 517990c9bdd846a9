"""Reference for `perceptron`: Rosenblatt's rule, and a trained 2-8-1 XOR network."""

import torch


def perceptron_train(X: torch.Tensor, y: torch.Tensor, lr: float = 1.0,
                     epochs: int = 100) -> tuple[torch.Tensor, float]:
    """Update on every mistake `y_i * (w . x_i + b) <= 0`, sample by sample."""
    w = torch.zeros(X.shape[1], dtype=X.dtype)  # (d,)
    b = 0.0
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y.tolist()):
            if y_i * (torch.dot(w, x_i).item() + b) <= 0:
                w = w + lr * y_i * x_i
                b = b + lr * y_i
                mistakes += 1
        if mistakes == 0:  # nothing would change in later epochs
            break
    return w, float(b)


_XOR_POINTS = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_LABELS = torch.tensor([[0.0], [1.0], [1.0], [0.0]])


def xor_model() -> torch.nn.Module:
    """A 2-8-1 tanh network trained on the four XOR points (deterministic)."""
    with torch.random.fork_rng(devices=[]):  # own seed; the caller's RNG is untouched
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    criterion = torch.nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    for _ in range(200):
        loss = criterion(model(_XOR_POINTS), _XOR_LABELS)  # logits (4, 1)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model.eval()
