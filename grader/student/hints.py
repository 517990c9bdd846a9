"""Progressive hints, written per exercise: first a nudge, last the formula.

`grade hint STEM` shows one more hint each call (the history of the workspace counts
them) and stops at the last. The hints follow the contract in `exercises.md`; the
first never gives the answer away, the last states the rule or the code's outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.errors import UserInputError
from grader.student import history

HINTS: dict[str, tuple[str, ...]] = {
    "linear_model": (
        "Start from the smallest piece: `forward` is one multiplication, and `loss` "
        "only compares one prediction with one target. `mse`, `scan` and `best_weight` "
        "are built from these, in that order.",
        "`mse` is a *mean*: add up the squared errors of all pairs, then divide by how "
        "many pairs there are. Squared, not absolute: `(y_hat - y) ** 2`.",
        "forward = x * w;  loss = (forward(x, w) - y) ** 2;  "
        "mse = sum(loss(x, y, w) for x, y in zip(xs, ys)) / len(xs), as a float;  "
        "scan = [mse(xs, ys, w) for w in ws];  best_weight: the w of the smallest mse, "
        "keeping the first on ties (`min` over the indices does that).",
    ),
    "gradient_descent": (
        "Differentiate the cost of one pair, `(x * w - y) ** 2`, with respect to `w` "
        "(the chain rule: the outer square, then the inner `x * w`). The batch gradient "
        "is the mean of those over the pairs.",
        "Gradient descent steps *against* the slope: `w - lr * gradient`. In `train_gd` "
        "record the cost before the update; in `train_sgd` the loss of the epoch's last "
        "sample is computed after its update.",
        "d/dw (x*w - y)**2 = 2 * x * (x*w - y);  gradient = mean over pairs of that;  "
        "train_gd: each epoch `costs.append(cost(xs, ys, w)); w -= lr * gradient(xs, ys, w)`;  "
        "train_sgd: each epoch, for each (x, y): `w -= lr * sample_gradient(x, y, w)`, then "
        "`losses.append((x * w - y) ** 2)` for the last pair.",
    ),
    "autograd": (
        "You never write the derivative here: build the loss from a tensor created "
        "with `requires_grad=True`, call `.backward()`, and read `.grad`.",
        "`backward()` adds into `w.grad`; without `w.grad.zero_()` after each update "
        "the gradients of earlier steps pile up. Do the update itself under "
        "`torch.no_grad()`, and store `loss.item()` (a float), recorded before the update.",
        "w = torch.tensor(w, requires_grad=True); for each epoch, for each (x, y): "
        "`l = (x * w - y) ** 2; l.backward(); with torch.no_grad(): w -= lr * w.grad; "
        "w.grad.zero_()`, keeping `l.item()` of the epoch's last sample. "
        "quadratic_grads: three leaf tensors, `L = (w1*x**2 + w2*x + b - y) ** 2`, "
        "`L.backward()`, return `(w1.grad.item(), w2.grad.item(), b.grad.item())`.",
    ),
    "linear_regression": (
        "Create the layer in `__init__` as `self.linear` so its parameters are "
        "registered, and call the model as `model(x)`; `train` is the four-beat loop: "
        "forward, loss, zero_grad, backward, step.",
        "The loss is `torch.nn.MSELoss(reduction=\"sum\")`, the sum and not the mean, "
        "and the optimizer `torch.optim.SGD(model.parameters(), lr=lr)`. Record "
        "`loss.item()` each epoch before the step.",
        "criterion = MSELoss(reduction=\"sum\"); optimizer = SGD(model.parameters(), lr=lr); "
        "each epoch: `loss = criterion(model(x), y); losses.append(loss.item()); "
        "optimizer.zero_grad(); loss.backward(); optimizer.step()`.",
    ),
    "logistic_regression": (
        "The model is three `nn.Linear` layers, each followed by a sigmoid, so its "
        "output is a probability in (0, 1) of shape (N, 1).",
        "Create the layers in the order the docstring gives (linear1, linear2, "
        "linear3, then sigmoid): seeding torch then gives the reference's initial "
        "weights. The loss is `torch.nn.BCELoss()` (mean) on probabilities, not logits.",
        "forward: `s = self.sigmoid; return s(self.linear3(s(self.linear2(s(self.linear1(x))))))`; "
        "train: `criterion = BCELoss(); optimizer = SGD(model.parameters(), lr=lr)`, each "
        "epoch `loss = criterion(model(x), y); losses.append(loss.item()); "
        "optimizer.zero_grad(); loss.backward(); optimizer.step()`.",
    ),
    "activations": (
        "Each function is one line of tensor arithmetic (`torch.exp`, `torch.where`, "
        "`torch.clamp`); the tests also try x = +-1000, so check what your formula "
        "gives there before you submit.",
        "Stability: `torch.exp(1000.)` is inf. For sigmoid use `1 / (1 + exp(-x))` "
        "where x >= 0 and `exp(x) / (1 + exp(x))` where x < 0; for softmax subtract "
        "the max along `dim` first. The derivatives reuse the function: "
        "`sigmoid_grad` is `s * (1 - s)`, not `s`.",
        "sigmoid'(x) = s * (1 - s);  tanh(x) = sign(x) * (1 - e) / (1 + e) with "
        "e = exp(-2 * |x|) (every exp at most 1), tanh'(x) = 1 - tanh(x)**2;  "
        "relu = clamp(x, min=0), relu' = (x > 0).to(x.dtype);  leaky_relu = "
        "where(x > 0, x, a * x), leaky' = where(x > 0, ones_like(x), a * ones_like(x));  "
        "softmax: "
        "`e = exp(x - x.amax(dim, keepdim=True)); return e / e.sum(dim, keepdim=True)`.",
    ),
    "cross_entropy": (
        "Write `log_softmax` first and build on it: `cross_entropy` is "
        "`nll_loss(log_softmax(logits), targets)`.",
        "Never compute `log(exp(z) / sum(exp(z)))` directly: a logit of 1000 "
        "overflows. Subtract each row's max first; the result does not change. "
        "`nll_loss` is the *mean* over the batch, not the sum.",
        "log_softmax: `s = logits - logits.amax(dim=1, keepdim=True); "
        "return s - s.exp().sum(dim=1, keepdim=True).log()`;  nll_loss: "
        "`-log_probs[torch.arange(len(targets)), targets].mean()`.",
    ),
    "perceptron": (
        "The perceptron only changes `w` and `b` on a mistake: a sample on the wrong "
        "side of the line, or exactly on it. For XOR, one line cannot do it: you need a "
        "hidden layer.",
        "The mistake test is `y[i] * (w @ X[i] + b) <= 0` (note `<=`), one sample at a "
        "time in order, `w` starting at float64 zeros and `b` at 0.0. For `xor_model`, "
        "seed your own generator so training succeeds whatever the global seed.",
        "perceptron_train: for each epoch, for i in range(N): `if y[i] * (w @ X[i] + b) <= 0: "
        "w = w + lr * y[i] * X[i]; b = b + lr * float(y[i])`; return (w, float(b)).  "
        "xor_model: `torch.manual_seed(0)`; `Linear(2, 8) -> Tanh -> Linear(8, 1)`, "
        "BCEWithLogitsLoss, Adam(lr=0.1), 200 full-batch steps on the four points.",
    ),
    "mlp_scratch": (
        "Mind the layout: weights here are (in, out), so the input multiplies from the "
        "left, `X @ W1`, and the bias is broadcast over the rows.",
        "`init_params` draws W1 and W2 from `generator`, scales them small (0.01 is the "
        "classic choice; 0.1 or Xavier work too), makes the biases zeros, and sets `requires_grad=True` on all four. `net` flattens "
        "with `X.reshape(-1, W1.shape[0])` first.",
        "W1 = (torch.randn(num_in, num_hidden, generator=generator) * 0.01).requires_grad_(); "
        "b1 = torch.zeros(num_hidden, requires_grad=True); W2, b2 likewise;  "
        "relu(X) = torch.clamp(X, min=0);  "
        "net = relu(X.reshape(-1, W1.shape[0]) @ W1 + b1) @ W2 + b2.",
    ),
    "momentum": (
        "Two tensors change in place: first the velocity `buf`, then `param` moves "
        "along it. Plain assignment (`param = ...`) leaves the caller's tensor as it was.",
        "The gradient enters the buffer without `lr`: `lr` multiplies the buffer when "
        "the parameter moves. Use in-place methods: `buf.mul_(...).add_(...)`, "
        "`param.sub_(...)`.",
        "buf <- momentum * buf + grad;  param <- param - lr * buf;  in code: "
        "`buf.mul_(momentum).add_(grad); param.sub_(lr * buf)`.",
    ),
    "adagrad": (
        "Adagrad keeps a running *sum* (not an average) of every squared gradient, and "
        "divides the step by its square root; both tensors change in place.",
        "`eps` goes outside the square root, and the sum accumulates: "
        "`state_sum + grad**2`, never just `grad**2`. Plain assignment (`param = ...`) "
        "leaves the caller's tensors unchanged.",
        "state_sum <- state_sum + grad**2;  param <- param - lr * grad / (sqrt(state_sum) + eps);  "
        "in code: `state_sum.add_(grad * grad); param.sub_(lr * grad / (state_sum.sqrt() + eps))`.",
    ),
    "rmsprop": (
        "RMSprop is Adagrad with the sum replaced by a moving average: `square_avg` "
        "forgets old squared gradients at rate `alpha`. Both tensors change in place.",
        "The average weights the old value by `alpha` and the new `grad**2` by "
        "`(1 - alpha)`; `eps` goes outside the square root (it matters for tiny "
        "gradients); use `mul_`, `add_`, `sub_` or `copy_`, never `param = ...`.",
        "square_avg <- alpha * square_avg + (1 - alpha) * grad**2;  "
        "param <- param - lr * grad / (sqrt(square_avg) + eps);  in code: "
        "`square_avg.mul_(alpha).add_((1 - alpha) * grad**2); "
        "param.sub_(lr * grad / (square_avg.sqrt() + eps))`.",
    ),
    "adadelta": (
        "Adadelta keeps two moving averages, of squared gradients and of squared "
        "steps, and scales the gradient by the ratio of their roots. Order matters.",
        "Update `square_avg` first; compute `delta` with the *old* `acc_delta`; then "
        "fold `delta**2` (not `grad**2`) into `acc_delta`. Here `eps` sits *inside* both "
        "square roots. All three tensors change in place.",
        "square_avg <- rho * square_avg + (1 - rho) * grad**2;  "
        "delta <- sqrt(acc_delta + eps) / sqrt(square_avg + eps) * grad;  "
        "acc_delta <- rho * acc_delta + (1 - rho) * delta**2;  param <- param - lr * delta.",
    ),
    "adam": (
        "Adam combines momentum (a moving average of gradients, `exp_avg`) with RMSprop "
        "(a moving average of squared gradients, `exp_avg_sq`). Both averages start at "
        "zero, so early steps need a correction.",
        "Bias correction divides by `1 - beta1**step` and `1 - beta2**step`, with `step` "
        "counting from 1 (not `step + 1`); `eps` goes outside the square root; the three "
        "tensors change in place.",
        "m <- beta1 * m + (1 - beta1) * g;  v <- beta2 * v + (1 - beta2) * g**2;  "
        "param <- param - lr * (m / (1 - beta1**step)) / (sqrt(v / (1 - beta2**step)) + eps).",
    ),
    "mlp": (
        "Two pieces: a model (flatten, then a few Linear layers with ReLU in between, "
        "ending in `num_classes` logits) and a standard training loop.",
        "Move the model to `device` before creating the optimizer, and every batch "
        "too. `CrossEntropyLoss` takes raw logits: no softmax in the model. Call "
        "`zero_grad()` each batch and return the mean loss of each epoch.",
        "nn.Sequential(nn.Flatten(), nn.Linear(prod(input_shape), 256), nn.ReLU(), "
        "nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, num_classes)); train: "
        "`model.to(device); opt = Adam(model.parameters(), lr=3e-3)` with "
        "`CosineAnnealingLR(opt, T_max=epochs)` stepped once per epoch; per batch "
        "`x, y = x.to(device), y.to(device); loss = CrossEntropyLoss()(model(x), y); "
        "opt.zero_grad(); loss.backward(); opt.step()`; append the epoch's mean loss.",
    ),
    "cnn": (
        "A CNN is convolution blocks (Conv2d -> ReLU -> pooling) followed by a small "
        "classifier; `conv_output_size` tells you the size of what comes out of them.",
        "With 3x3 convolutions and padding 1 the size is kept, each MaxPool2d(2) halves "
        "it: 8 -> 4 -> 2 after two blocks, so the first Linear takes channels * 2 * 2 "
        "inputs. Training is the same loop as the MLP's: model and batches on "
        "`device`, raw logits into `CrossEntropyLoss`, `zero_grad()` every batch.",
        "conv_output_size = (size + 2*padding - kernel_size) // stride + 1;  model: "
        "[Conv2d(c, 32, 3, padding=1), ReLU, MaxPool2d(2), Conv2d(32, 64, 3, padding=1), ReLU, "
        "MaxPool2d(2), Flatten, Linear(64 * h * w, 128), ReLU, Linear(128, num_classes)] "
        "with h, w from conv_output_size; train as in `mlp`: Adam(lr=3e-3) with a "
        "cosine decay over the epochs.",
    ),
}

LABELS = ("a nudge", "a closer look", "the formula")


@dataclass(frozen=True)
class Hint:
    """One hint as shown: its number, how many there are, and the text."""

    stem: str
    level: int  # 1-based
    total: int
    text: str
    repeated: bool  # the last hint again: there are no more

    @property
    def label(self) -> str:
        if self.level == self.total:
            return LABELS[-1]
        return LABELS[min(self.level - 1, len(LABELS) - 2)]


class NoHints(UserInputError, LookupError):
    """The exercise has no hints written for it (e.g. a course's own exercise)."""


def shown(workspace: str | Path, stem: str) -> int:
    """How many hints of `stem` the workspace's history says were already shown."""
    levels = [record.get("level", 0) for record in history.read(workspace)
              if record.get("kind") == "hint" and record["exercise"] == stem]
    return max([level for level in levels if isinstance(level, int)], default=0)


def next_hint(workspace: str | Path, stem: str) -> Hint:
    """The next hint for `stem`, recorded in the history; the last one again (not
    recorded twice) once all were shown. Raises NoHints."""
    texts = HINTS.get(stem)
    if not texts:
        raise NoHints(f"there are no hints for {stem!r} yet")
    before = shown(workspace, stem)
    level = min(before + 1, len(texts))
    if level > before:
        history.append(workspace, history.hint_record(stem, level))
    return Hint(stem, level, len(texts), texts[level - 1], repeated=level == before)
