"""The optimizer exercises (10-14): references against torch.optim, and their stubs.

torch.optim is the oracle: each reference rule, driven step by step on random
tensors, must leave the parameters and every state tensor where torch.optim leaves
them. The ready optimizer classes (the reference's, and the stub's calling the
reference rule) must train a small real model exactly as torch.optim does.
"""

from __future__ import annotations

import importlib
import inspect
import runpy
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
STEPS = 20
SHAPES = [(), (5,), (3, 4), (2, 3, 4)]
ATOL = 1e-6  # max abs error allowed against torch.optim, scaled down for tensors far below 1
TINY = 1e-6  # gradient scale at which eps matters


@dataclass(frozen=True)
class OptimExercise:
    """One optimizer exercise: its names, its torch.optim oracle and the settings tried.

    `state_keys` are the names torch.optim gives to the rule's state tensors, in the
    order the rule takes them; `settings` are rule keyword arguments (the first one
    empty: the rule's own defaults).
    """

    stem: str
    rule_name: str
    class_name: str
    oracle: type[torch.optim.Optimizer]
    state_keys: tuple[str, ...]
    settings: tuple[dict[str, float], ...]
    counts_steps: bool = False
    train_kwargs: dict[str, Any] = field(default_factory=dict)

    def reference(self) -> ModuleType:
        return importlib.import_module(f"grader.solutions.{self.stem}")

    def stub(self) -> ModuleType:
        return importlib.import_module(f"grader.exercises.{self.stem}")

    def hyperparameters(self, setting: dict[str, float]) -> dict[str, float]:
        """The setting completed with the reference rule's defaults."""
        return defaults_of(getattr(self.reference(), self.rule_name)) | setting

    def class_kwargs(self, setting: dict[str, float]) -> dict[str, Any]:
        """Constructor keywords, the same for our class and torch.optim's."""
        kwargs = self.hyperparameters(setting)
        if "beta1" in kwargs:
            kwargs["betas"] = (kwargs.pop("beta1"), kwargs.pop("beta2"))
        return kwargs


EXERCISES = (
    OptimExercise(
        "momentum", "momentum_step", "SGDMomentum", torch.optim.SGD, ("momentum_buffer",),
        ({}, {"lr": 0.1, "momentum": 0.5}, {"lr": 0.003, "momentum": 0.99}),
        train_kwargs={"lr": 0.05, "momentum": 0.8}),
    OptimExercise(
        "adagrad", "adagrad_step", "Adagrad", torch.optim.Adagrad, ("sum",),
        ({}, {"lr": 0.5, "eps": 1e-6}, {"lr": 0.1, "eps": 1e-8}),
        train_kwargs={"lr": 0.1}),
    OptimExercise(
        "rmsprop", "rmsprop_step", "RMSprop", torch.optim.RMSprop, ("square_avg",),
        ({}, {"lr": 0.001, "alpha": 0.9, "eps": 1e-6}, {"lr": 0.05, "alpha": 0.5, "eps": 1e-7}),
        train_kwargs={"lr": 0.01, "alpha": 0.9}),
    OptimExercise(
        "adadelta", "adadelta_step", "Adadelta", torch.optim.Adadelta,
        ("square_avg", "acc_delta"),
        ({}, {"lr": 0.5, "rho": 0.95, "eps": 1e-8}, {"lr": 2.0, "rho": 0.5, "eps": 1e-4}),
        train_kwargs={"lr": 1.0, "rho": 0.8}),
    OptimExercise(
        "adam", "adam_step", "Adam", torch.optim.Adam, ("exp_avg", "exp_avg_sq"),
        ({}, {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
         {"lr": 0.1, "beta1": 0.5, "beta2": 0.9, "eps": 1e-7}),
        counts_steps=True, train_kwargs={"lr": 0.05, "betas": (0.8, 0.99)}),
)
BY_STEM = {exercise.stem: exercise for exercise in EXERCISES}
STEM_IDS = [exercise.stem for exercise in EXERCISES]


def assert_matches(*, actual: torch.Tensor, expected: torch.Tensor, what: str) -> None:
    """Fail, saying where and by how much, unless `actual` equals `expected` within tolerance.

    The tolerance is ATOL times the tensor's largest magnitude when that is below 1, so
    the ~1e-12 states of the tiny-gradient cases are compared as closely as the others.
    """
    assert actual.shape == expected.shape, (
        f"{what}: shape {tuple(actual.shape)} != {tuple(expected.shape)}")
    assert actual.dtype == expected.dtype, f"{what}: dtype {actual.dtype} != {expected.dtype}"
    actual, expected = actual.detach().double(), expected.detach().double()
    error = (actual - expected).abs()
    scale = expected.abs().max().item() if expected.numel() else 0.0
    tolerance = ATOL * min(1.0, scale)
    if error.numel() and error.max().item() > tolerance:
        worst = tuple(int(i) for i in torch.unravel_index(error.argmax(), error.shape))
        relative = error.max().item() / max(abs(expected[worst].item()), 1e-300)
        pytest.fail(f"{what}: max abs error {error.max().item():.3e} > {tolerance:.1e} "
                    f"(rel {relative:.3e}) at index {worst}: "
                    f"{actual[worst].item()!r} vs torch.optim {expected[worst].item()!r}")


def drive_rule(exercise: OptimExercise, rule, setting: dict[str, float], dtype: torch.dtype,
               grad_scale: float, *, seed: int = 0) -> None:
    """Run `rule` and torch.optim side by side for STEPS steps, comparing after each one."""
    gen = torch.Generator().manual_seed(seed)
    params = [torch.randn(shape, generator=gen, dtype=dtype) for shape in SHAPES]
    twins = [p.clone().requires_grad_() for p in params]
    oracle = exercise.oracle(twins, **exercise.class_kwargs(setting), foreach=False)
    states = [[torch.zeros_like(p) for _ in exercise.state_keys] for p in params]
    for step in range(1, STEPS + 1):
        for param, twin, state in zip(params, twins, states):
            grad = torch.randn(param.shape, generator=gen, dtype=dtype) * grad_scale
            twin.grad = grad.clone()
            counter = (step,) if exercise.counts_steps else ()
            assert rule(param, grad, *state, *counter, **setting) is None
            assert torch.equal(grad, twin.grad), "the rule changed grad"
        oracle.step()
        for i, (param, twin, state) in enumerate(zip(params, twins, states)):
            where = f"step {step}, shape {SHAPES[i]}"
            assert_matches(actual=param, expected=twin, what=f"param at {where}")
            for key, tensor in zip(exercise.state_keys, state):
                assert_matches(actual=tensor, expected=oracle.state[twin][key],
                               what=f"state {key!r} at {where}")


# ---------------------------------------------------------------- references vs torch.optim

# The contract's defaults (exercises.md, 10-14); the oracle is fed the rule's own
# defaults, so they are pinned here.
CONTRACT_DEFAULTS = {
    "momentum": ({"lr": 0.01, "momentum": 0.9}, {"lr": 0.01, "momentum": 0.9}),
    "adagrad": ({"lr": 0.01, "eps": 1e-10}, {"lr": 0.01, "eps": 1e-10}),
    "rmsprop": ({"lr": 0.01, "alpha": 0.99, "eps": 1e-8}, {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}),
    "adadelta": ({"lr": 1.0, "rho": 0.9, "eps": 1e-6}, {"lr": 1.0, "rho": 0.9, "eps": 1e-6}),
    "adam": ({"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
             {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8}),
}


def defaults_of(function) -> dict[str, Any]:
    return {name: p.default for name, p in inspect.signature(function).parameters.items()
            if p.default is not inspect.Parameter.empty}


@pytest.mark.parametrize("exercise", EXERCISES, ids=STEM_IDS)
def test_defaults_follow_the_contract(exercise):
    rule_defaults, class_defaults = CONTRACT_DEFAULTS[exercise.stem]
    for module in (exercise.reference(), exercise.stub()):
        assert defaults_of(getattr(module, exercise.rule_name)) == rule_defaults
        optimizer_class = getattr(module, exercise.class_name)
        assert defaults_of(optimizer_class.__init__) == class_defaults
        param = torch.nn.Parameter(torch.zeros(1))
        group = optimizer_class([param]).param_groups[0]
        assert {key: group[key] for key in class_defaults} == class_defaults



RULE_CASES = [
    pytest.param(exercise, setting, i, id=f"{exercise.stem}-{'default' if not setting else i}")
    for exercise in EXERCISES for i, setting in enumerate(exercise.settings)
]


@pytest.mark.parametrize("grad_scale", [1.0, TINY], ids=["unit-grads", "tiny-grads"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("exercise, setting, seed", RULE_CASES)
def test_reference_rule_matches_torch_optim(exercise, setting, seed, dtype, grad_scale):
    rule = getattr(exercise.reference(), exercise.rule_name)
    drive_rule(exercise, rule, setting, dtype, grad_scale, seed=seed)


@pytest.mark.parametrize("stem", ["adagrad", "rmsprop", "adam"])
def test_tiny_gradients_make_eps_matter(stem):
    """With ~1e-6 gradients, eps visibly changes the trajectory, so its placement is checked.

    (These are the rules where eps inside the square root is a named misconception.)
    """
    exercise = BY_STEM[stem]

    def final_params(eps: float) -> list[torch.Tensor]:
        gen = torch.Generator().manual_seed(0)
        params = [torch.randn(shape, generator=gen).requires_grad_() for shape in SHAPES]
        oracle = exercise.oracle(params, **exercise.class_kwargs({"eps": eps}), foreach=False)
        for _ in range(STEPS):
            for p in params:
                p.grad = torch.randn(p.shape, generator=gen) * TINY
            oracle.step()
        return [p.detach() for p in params]

    eps = exercise.hyperparameters({})["eps"]
    moved = max((a - b).abs().max().item()
                for a, b in zip(final_params(eps), final_params(eps * 100)))
    assert moved > 100 * ATOL


@pytest.mark.parametrize("exercise", EXERCISES, ids=STEM_IDS)
def test_reference_rule_is_in_place_and_returns_none(exercise):
    """The caller's own tensor objects hold the new values; the rule works outside no_grad."""
    rule = getattr(exercise.reference(), exercise.rule_name)
    param = torch.randn(3, 4, requires_grad=True)  # a leaf requiring grad, like a real parameter
    twin = param.detach().clone().requires_grad_()
    grad = torch.randn(3, 4)
    twin.grad = grad.clone()
    state = [torch.zeros(3, 4) for _ in exercise.state_keys]
    before = param.detach().clone()
    counter = (1,) if exercise.counts_steps else ()

    assert rule(param, grad, *state, *counter) is None
    oracle = exercise.oracle([twin], **exercise.class_kwargs({}), foreach=False)
    oracle.step()

    assert not torch.equal(param.detach(), before), "param did not change"
    assert param.is_leaf and param.requires_grad and param.grad_fn is None
    assert_matches(actual=param, expected=twin, what="param")
    for key, tensor in zip(exercise.state_keys, state):
        assert_matches(actual=tensor, expected=oracle.state[twin][key], what=f"state {key!r}")
        assert tensor.abs().sum() > 0, f"state {key!r} was not updated in place"


# ---------------------------------------------------------------- the ready optimizer classes

def train_linear(make_optimizer, steps: int = 20):
    """Train nn.Linear(4, 1) on fixed data with `make_optimizer(param_groups)`.

    Returns (losses, model, optimizer, unused): `unused` is a parameter that never gets a
    gradient, which the optimizer must leave alone.
    """
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(32, 4, generator=gen)                                  # (N, 4)
    y = x @ torch.tensor([[1.5], [-2.0], [0.5], [3.0]]) + 0.7             # (N, 1)
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    unused = torch.nn.Parameter(torch.ones(2))
    groups = [{"params": [model.weight, unused]}, {"params": [model.bias]}]
    optimizer = make_optimizer(groups)
    optimizer.param_groups[1]["lr"] *= 2  # two groups with different learning rates

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        return loss

    losses = []
    for _ in range(steps):
        loss = optimizer.step(closure)
        losses.append(loss.item())
    return losses, model, optimizer, unused


def check_class_trains_like_torch(exercise: OptimExercise, optimizer_class) -> None:
    kwargs = exercise.train_kwargs
    losses, model, optimizer, unused = train_linear(
        lambda groups: optimizer_class(groups, **kwargs))
    want_losses, want_model, oracle, _ = train_linear(
        lambda groups: exercise.oracle(groups, **kwargs, foreach=False))

    assert losses[-1] < losses[0], "the loss did not go down"
    assert_matches(actual=torch.tensor(losses), expected=torch.tensor(want_losses), what="losses")
    for name in ("weight", "bias"):
        mine, want = getattr(model, name), getattr(want_model, name)
        assert_matches(actual=mine, expected=want, what=name)
        for key in exercise.state_keys:
            assert_matches(actual=optimizer.state[mine][key], expected=oracle.state[want][key],
                           what=f"state {key!r} of {name}")
    assert torch.equal(unused.detach(), torch.ones(2)), "a parameter without grad was changed"
    assert not optimizer.state[unused], "a parameter without grad got state"


@pytest.mark.parametrize("exercise", EXERCISES, ids=STEM_IDS)
def test_reference_class_trains_like_torch_optim(exercise):
    check_class_trains_like_torch(exercise, getattr(exercise.reference(), exercise.class_name))


@pytest.mark.parametrize("exercise", EXERCISES, ids=STEM_IDS)
def test_stub_class_with_reference_rule_trains_like_torch_optim(exercise, monkeypatch):
    stub = exercise.stub()
    monkeypatch.setattr(stub, exercise.rule_name, getattr(exercise.reference(), exercise.rule_name))
    check_class_trains_like_torch(exercise, getattr(stub, exercise.class_name))


def test_adam_class_counts_steps_from_one(monkeypatch):
    reference = BY_STEM["adam"].reference()
    seen = []
    monkeypatch.setattr(reference, "adam_step", lambda *args, **kwargs: seen.append(args[4]))
    param = torch.nn.Parameter(torch.zeros(2))
    optimizer = reference.Adam([param])
    for _ in range(3):
        param.grad = torch.ones(2)
        optimizer.step()
    assert seen == [1, 2, 3]
    assert optimizer.state[param]["step"] == 3


# ---------------------------------------------------------------- stubs

@pytest.mark.parametrize("exercise", EXERCISES, ids=STEM_IDS)
def test_stub_rule_is_not_implemented(exercise):
    rule = getattr(exercise.stub(), exercise.rule_name)
    param = torch.zeros(3)
    state = [torch.zeros(3) for _ in exercise.state_keys]
    counter = (1,) if exercise.counts_steps else ()
    with pytest.raises(NotImplementedError, match=f"^{exercise.rule_name} is not implemented yet$"):
        rule(param, torch.ones(3), *state, *counter)


@pytest.mark.parametrize("exercise", EXERCISES, ids=STEM_IDS)
def test_stub_class_calls_the_students_rule(exercise):
    stub = exercise.stub()
    param = torch.nn.Parameter(torch.zeros(3))
    param.grad = torch.ones(3)
    optimizer = getattr(stub, exercise.class_name)([param])
    with pytest.raises(NotImplementedError, match="is not implemented yet"):
        optimizer.step()


@pytest.mark.parametrize("exercise", EXERCISES, ids=STEM_IDS)
def test_stub_and_reference_share_names_and_signatures(exercise):
    stub, reference = exercise.stub(), exercise.reference()
    public = {name for name in vars(reference) if not name.startswith("_")}
    assert public == {name for name in vars(stub) if not name.startswith("_")}
    for name in (exercise.rule_name, exercise.class_name):
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(reference, name))
    assert issubclass(getattr(stub, exercise.class_name), torch.optim.Optimizer)


@pytest.mark.parametrize("exercise", EXERCISES, ids=STEM_IDS)
def test_files_import_quietly_and_demos_run(exercise, capsys):
    stub_path = ROOT / "exercises" / f"{exercise.stem}.py"
    reference_path = ROOT / "solutions" / f"{exercise.stem}.py"
    for path in (stub_path, reference_path):
        runpy.run_path(str(path), run_name=f"imported_{exercise.stem}")
        assert capsys.readouterr().out == "", f"{path.name} prints at import"

    runpy.run_path(str(stub_path), run_name="__main__")
    assert f"{exercise.rule_name} is not implemented yet" in capsys.readouterr().out

    runpy.run_path(str(reference_path), run_name="__main__")
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert rows and all(len(row) == 3 and row[1] == row[2] for row in rows), rows
