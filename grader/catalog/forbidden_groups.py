"""The groups of forbidden APIs an exercise's `forbid` setting may name: part of the
exercise's description (catalog, course.toml), judged by grader.judge.forbidden_static."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """What one group forbids: dotted API prefixes, and Tensor method names whose
    call on any object that is not the file's own counts as `torch.Tensor.<name>`."""

    apis: tuple[str, ...]
    methods: tuple[str, ...] = ()

    def forbids(self, path: str) -> bool:
        return any(path == api or path.startswith(api + ".") for api in self.apis)


def _with_tensor_forms(apis: tuple[str, ...], methods: tuple[str, ...]) -> Rule:
    return Rule(apis + tuple(f"torch.Tensor.{name}" for name in methods), methods)


_ACTIVATION_MODULES = tuple(f"torch.nn.{name}" for name in (
    "Sigmoid", "Tanh", "ReLU", "ReLU6", "LeakyReLU", "Softmax", "LogSoftmax", "Softmin",
    "Softmax2d", "Hardtanh", "Hardsigmoid", "Hardswish", "ELU", "SELU", "CELU", "GELU",
    "SiLU", "Mish", "Softplus", "Softsign", "Tanhshrink", "PReLU", "RReLU", "LogSigmoid",
    "Threshold"))
# Back doors to the same functions: torch._C._VariableFunctions.sigmoid is torch.sigmoid,
# torch.nn.modules.loss.F is torch.nn.functional.
_INTERNALS = ("torch._C", "torch.ops", "torch.nn.modules", "torch.functional.F")

RULES: dict[str, Rule] = {
    "activations": _with_tensor_forms(
        ("torch.sigmoid", "torch.sigmoid_", "torch.tanh", "torch.tanh_", "torch.relu",
         "torch.relu_", "torch.softmax", "torch.log_softmax", "torch.special.expit",
         "torch.special.softmax", "torch.special.log_softmax", "torch.nn.functional",
         "torch.autograd", "torch.func", *_ACTIVATION_MODULES, *_INTERNALS),
        ("sigmoid", "sigmoid_", "tanh", "tanh_", "relu", "relu_", "softmax", "log_softmax",
         "backward")),
    "cross_entropy": _with_tensor_forms(
        ("torch.nn.functional", "torch.nn.CrossEntropyLoss", "torch.nn.NLLLoss",
         "torch.nn.LogSoftmax", "torch.log_softmax", "torch.special.log_softmax", *_INTERNALS),
        ("log_softmax",)),
    "optimizers": Rule(("torch.optim",)),
    "no_torch": Rule(("torch",)),  # without torch there is no tensor to call methods on
}
