"""Harnesses for the training exercises (`mlp`, `cnn`): one training run, plain answers.

`fit` is the whole training of one submission, in the worker: it builds the student's
model with `build_model(input_shape, num_classes)`, trains it with the student's
`train(model, loader, device, epochs=...)` on the training split, and answers with what
the trusted grader needs to judge it:

- `predictions`: the predicted class (argmax of the logits, eval mode, no_grad) of each
  held-out image. The held-out *labels* never come here: the grader keeps them and
  computes the accuracy itself.
- `losses` as `train` returned them, `device`, `train_seconds`, `batches_trained`, and
  what the device's time budget did (`budget_s`, `truncated_at_batch`,
  `stopped_at_budget`; see below).
- facts about the model: `outputs_are_probabilities` (every row of the outputs in
  [0, 1] and summing to 1, i.e. a softmax at the end), `params_on_device` after
  `train`, and `train_error` when `train` raised.
- `probes`, recorded while `train` runs, for the contract's misconceptions: calls of
  `F.cross_entropy` (what `nn.CrossEntropyLoss` calls) whose input already looks like
  probabilities (softmax before the loss); `backward` calls made while the parameters
  still hold non-zero gradients from the previous step (zero_grad missing: `backward`
  adds to `.grad`); forward passes whose batch or parameters are off the device.
  Probes only observe: each wrapper records, then calls the real function.

`describe` builds the model and runs one forward pass on zeros, to tell which layers
it uses (a Conv2d, a pooling layer, as modules or as functional calls), and
`conv_sizes` calls `conv_output_size` on a table of cases.

Images arrive as uint8 with a `scale` (pixel = value / scale, exact for the digits'
0..16 and MNIST's 0..255 levels), four times smaller than float32 on the wire. The
device is "cuda" when the worker sees a GPU (its memory bounded per process with
`set_per_process_memory_fraction`), else "cpu".

The training budget of that device is enforced by the loader, at batch boundaries, in
two stages. When the budget is spent, the current pass over the loader ends and every
later pass yields a single batch: an epoch loop then finishes within moments and
`train` returns its per-epoch losses, as a correct but slow training should (the
references need more than the CPU budget for 20 CNN epochs on MNIST). If `train` is
still running `grace_s(budget)` later (a loop that counts steps, not epochs),
the loader raises TrainingBudgetExceeded (a BaseException, so a student's `except
Exception` does not swallow it) and the model is judged as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import time
import traceback
from typing import Any, Iterator

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from grader.engine.worker_side.harness import require

CHUNK = 1000  # held-out images per forward pass: bounded memory on MNIST-sized splits
PROBABILITY_ATOL = 1e-3  # a row "sums to 1" within this; logits essentially never do
GRACE_SHARE, GRACE_MIN_S = 0.1, 2.0  # one-batch passes after the budget: how long
FUNCTIONAL_CONV = ("conv2d",)
FUNCTIONAL_POOLING = ("max_pool2d", "avg_pool2d", "adaptive_max_pool2d",
                      "adaptive_avg_pool2d", "lp_pool2d", "fractional_max_pool2d")


def grace_s(budget_s: float) -> float:
    """How long one-batch passes may go on after the budget: a tenth of it, >= 2 s."""
    return max(GRACE_SHARE * budget_s, GRACE_MIN_S)


class TrainingBudgetExceeded(BaseException):
    """Raised by the loader once the device's training budget is spent."""


class BudgetLoader(DataLoader):
    """A DataLoader (isinstance checks, `len`, `.dataset` all work) that counts the
    batches it hands out and enforces the budget (see the module docstring)."""

    def start(self, budget_s: float) -> None:
        self.deadline = time.perf_counter() + budget_s
        self.hard_deadline = self.deadline + grace_s(budget_s)
        self.batches = 0
        self.truncated_at_batch: int | None = None

    def __iter__(self):
        given = 0
        for batch in super().__iter__():
            now = time.perf_counter()
            if now > self.hard_deadline:
                raise TrainingBudgetExceeded
            if now > self.deadline and given:
                if self.truncated_at_batch is None:
                    self.truncated_at_batch = self.batches
                return  # budget spent: this pass ends; each later one gives one batch
            given, self.batches = given + 1, self.batches + 1
            yield batch


@dataclasses.dataclass
class Probes:
    """Counts recorded while the student's `train` runs."""

    cross_entropy_calls: int = 0
    cross_entropy_on_probabilities: int = 0
    backward_calls: int = 0
    stale_grad_backwards: int = 0  # backward called while .grad still held old values
    zero_grad_calls: int = 0  # Optimizer.zero_grad / Module.zero_grad
    forward_calls: int = 0
    forward_inputs_off_device: int = 0
    forward_params_off_device: int = 0


def fit(impl: Any, x_train: torch.Tensor, y_train: torch.Tensor, x_test: torch.Tensor,
        scale: float, input_shape: list[int], num_classes: int, epochs: int,
        batch_size: int, seed: int, budgets_s: dict[str, float],
        gpu_memory_fraction: float = 0.25) -> dict:
    """Build, train and evaluate the implementation's model (see the module docstring)."""
    build_model, train = require(impl, "build_model"), require(impl, "train")
    device = _device(gpu_memory_fraction)
    budget_s = float(budgets_s.get(device.type, max(budgets_s.values())))
    x_train, x_test = _images(x_train, scale), _images(x_test, scale)  # (N, C, H, W)
    torch.manual_seed(seed)
    model = _built(build_model, input_shape, num_classes)
    loader = BudgetLoader(TensorDataset(x_train, y_train), batch_size=batch_size,
                          shuffle=True, generator=torch.Generator().manual_seed(seed))
    answers: dict[str, Any] = {"device": device.type, "budget_s": budget_s}
    with _probing(model, device) as probes:
        answers.update(_train(train, model, loader, device, epochs, budget_s, impl))
    answers["probes"] = dataclasses.asdict(probes)
    answers["params_on_device"] = all(param.device.type == device.type
                                      for param in model.parameters())
    answers.update(_evaluate(model, x_test, device, impl))
    return answers


def describe(impl: Any, input_shape: list[int], num_classes: int) -> dict:
    """Answers: `layers` (class names of the leaf modules), `has_conv2d`,
    `has_pooling` (as modules, or called functionally in one forward pass on zeros)."""
    model = _built(require(impl, "build_model"), input_shape, num_classes)
    modules = list(model.modules())
    called: list[str] = []
    try:
        model.eval()
        with torch.no_grad(), _recording(F, FUNCTIONAL_CONV + FUNCTIONAL_POOLING, called):
            model(torch.zeros(2, *input_shape))
    except Exception:  # judged on its modules alone; training will show the error
        pass
    leaves = [type(module).__name__ for module in modules if not list(module.children())]
    return {"layers": leaves[:30],
            "has_conv2d": any(isinstance(m, nn.Conv2d) for m in modules)
            or any(name in FUNCTIONAL_CONV for name in called),
            "has_pooling": any(_is_pooling(m) for m in modules)
            or any(name in FUNCTIONAL_POOLING for name in called)}


def conv_sizes(impl: Any, cases: list[tuple[int, int, int, int]]) -> dict:
    """Answers: `sizes`, `conv_output_size(size, kernel_size, stride, padding)` per case,
    keyed by the call (so a mismatch message names the case)."""
    conv_output_size = require(impl, "conv_output_size")
    return {"sizes": {conv_call(*case): conv_output_size(*case) for case in cases}}


def conv_call(size: int, kernel: int, stride: int, padding: int) -> str:
    return f"conv_output_size({size}, {kernel}, stride={stride}, padding={padding})"


# ---- building, training, evaluating ----------------------------------------------

def _device(gpu_memory_fraction: float) -> torch.device:
    """"cuda" when this process sees a GPU (memory bounded, cuDNN and cuBLAS
    deterministic, so a submission gets the same accuracy on the same device)."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # read at cuBLAS init
    if not torch.cuda.is_available():
        return torch.device("cpu")
    device = torch.device("cuda", torch.cuda.current_device())
    torch.cuda.set_per_process_memory_fraction(gpu_memory_fraction, device)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    return device


def _images(pixels: torch.Tensor, scale: float) -> torch.Tensor:
    """uint8 levels -> float32 in [0, 1] (float32 images pass unchanged)."""
    if pixels.dtype == torch.uint8:
        return pixels.float() / scale
    return pixels.float()


def _built(build_model, input_shape: list[int], num_classes: int) -> nn.Module:
    model = build_model(tuple(input_shape), num_classes)
    if not isinstance(model, nn.Module):
        raise TypeError(f"build_model should return an nn.Module, got "
                        f"{type(model).__name__}")
    return model


def _train(train, model: nn.Module, loader: BudgetLoader, device: torch.device,
           epochs: int, budget_s: float, impl: Any) -> dict:
    """Run the student's `train` once, timed; its exception becomes `train_error`."""
    _synchronize(device)
    start = time.perf_counter()
    loader.start(budget_s)
    losses, stopped, error = None, False, None
    try:
        losses = train(model, loader, device, epochs=epochs)
    except TrainingBudgetExceeded:
        stopped = True
    except NotImplementedError:
        raise  # an unfinished stub: "not implemented yet", not a crash
    except Exception as raised:  # noqa: BLE001 - the student's error, reported as data
        error = _describe_error(raised, impl)
    with contextlib.suppress(Exception):
        _synchronize(device)
    return {"losses": losses, "train_seconds": time.perf_counter() - start,
            "stopped_at_budget": stopped, "batches_trained": loader.batches,
            "truncated_at_batch": loader.truncated_at_batch, "train_error": error}


def _evaluate(model: nn.Module, x_test: torch.Tensor, fallback: torch.device,
              impl: Any) -> dict:
    """Predicted classes of the held-out images, in eval mode, chunk by chunk."""
    answers: dict[str, Any] = {"predictions": None, "predict_error": None,
                               "logits_shape": None, "outputs_are_probabilities": None}
    try:
        device = next(model.parameters()).device  # where the model is, even if wrong
    except StopIteration:
        device = fallback
    predictions, probabilities = [], True
    try:
        model.eval()
        with torch.no_grad():
            for start in range(0, len(x_test), CHUNK):
                logits = model(x_test[start:start + CHUNK].to(device))  # (B, classes)
                if not isinstance(logits, torch.Tensor) or logits.dim() != 2:
                    raise TypeError(f"the model should return a tensor of logits of shape "
                                    f"(N, num_classes), got {_kind(logits)}")
                answers["logits_shape"] = answers["logits_shape"] or list(logits.shape)
                probabilities &= _looks_like_probabilities(logits)
                predictions.append(logits.argmax(dim=1).cpu())  # (B,)
    except Exception as raised:  # noqa: BLE001
        answers["predict_error"] = _describe_error(raised, impl)
        return answers
    answers["predictions"] = torch.cat(predictions) if predictions else torch.zeros(0)
    answers["outputs_are_probabilities"] = probabilities
    return answers


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


# ---- probes ------------------------------------------------------------------------

def _looks_like_probabilities(output: Any) -> bool:
    """Every row in [0, 1] and summing to 1: softmax outputs, not logits."""
    if not isinstance(output, torch.Tensor) or output.dim() != 2 or output.numel() == 0 \
            or not output.is_floating_point():
        return False
    with torch.no_grad():
        rows = output.detach().float()  # (B, classes)
        inside = ((rows >= -1e-6) & (rows <= 1 + 1e-6)).all()
        sums = (rows.sum(dim=1) - 1).abs().max() <= PROBABILITY_ATOL
        return bool(inside & sums)


def _holds_gradients(model: nn.Module) -> bool:
    """Whether any parameter still holds a non-zero gradient."""
    return any(param.grad is not None and bool(param.grad.detach().ne(0).any())
               for param in model.parameters())


def _first_tensor(args: tuple) -> torch.Tensor | None:
    return next((arg for arg in args if isinstance(arg, torch.Tensor)), None)


@contextlib.contextmanager
def _probing(model: nn.Module, device: torch.device) -> Iterator[Probes]:
    """Record the probes while the block runs (see the module docstring)."""
    probes = Probes()

    def cross_entropy(real):
        def probe(input, *args, **kwargs):
            probes.cross_entropy_calls += 1
            probes.cross_entropy_on_probabilities += _looks_like_probabilities(input)
            return real(input, *args, **kwargs)
        return probe

    def backward(real):
        def probe(*args, **kwargs):
            probes.backward_calls += 1
            probes.stale_grad_backwards += _holds_gradients(model)
            return real(*args, **kwargs)
        return probe

    def zero_grad(real):
        def probe(*args, **kwargs):
            probes.zero_grad_calls += 1
            return real(*args, **kwargs)
        return probe

    def before_forward(module, args):
        probes.forward_calls += 1
        batch = _first_tensor(args)
        probes.forward_inputs_off_device += batch is not None \
            and batch.device.type != device.type
        param = next(module.parameters(), None)
        probes.forward_params_off_device += param is not None \
            and param.device.type != device.type

    patches = ((F, "cross_entropy", cross_entropy), (torch.autograd, "backward", backward),
               (torch.optim.Optimizer, "zero_grad", zero_grad),
               (nn.Module, "zero_grad", zero_grad))
    hook = model.register_forward_pre_hook(before_forward)
    try:
        with _patched(patches):
            yield probes
    finally:
        hook.remove()


@contextlib.contextmanager
def _patched(patches) -> Iterator[None]:
    """Replace each `owner.name` by `wrap(original)` for the duration of the block."""
    saved = []
    try:
        for owner, name, wrap in patches:
            original = vars(owner)[name]
            saved.append((owner, name, original))
            setattr(owner, name, functools.wraps(original)(wrap(original)))
        yield
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)


def _recording(owner, names: tuple[str, ...], called: list[str]):
    """Record which of `owner`'s functions `names` are called in the block."""
    def wrap_as(name):
        def wrap(real):
            def record(*args, **kwargs):
                if name not in called:
                    called.append(name)
                return real(*args, **kwargs)
            return record
        return wrap
    return _patched([(owner, name, wrap_as(name)) for name in names if name in vars(owner)])


def _is_pooling(module: nn.Module) -> bool:
    return any(cls.__module__ == "torch.nn.modules.pooling" for cls in type(module).__mro__)


# ---- describing what went wrong ------------------------------------------------------

def _kind(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    return f"a {type(value).__name__}"


def _describe_error(error: BaseException, impl: Any) -> dict:
    """The student's exception as plain data, like the worker describes one."""
    filename = os.path.basename(getattr(impl, "__file__", "") or "")
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if os.path.basename(frame.filename) == filename]
    return {"type": type(error).__name__, "message": str(error)[:2000],
            "where": f" (line {frames[-1].lineno})" if frames else "",
            "traceback": "".join(traceback.format_list(frames[-5:]))}
