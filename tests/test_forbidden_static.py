"""The trusted read of a submission's source for forbidden APIs (grader.judge.forbidden_static).

Pure and fast: source text in, findings out, no worker. Every attack that escaped the
worker's tripwires is here with the name it must be reported under, and every allowed
style (imported but unused, demo code, own helpers named like an API, the optimizer
stubs' ready class) is here with no finding at all.
"""

import textwrap

import pytest

from grader import catalog
from grader.catalog.forbidden_groups import RULES
from grader.judge.forbidden_findings import HIDDEN
from grader.judge.forbidden_static import analyse


def found(source: str, group: str = "activations", graded: str = "sigmoid") -> list:
    return list(analyse(textwrap.dedent(source), group, (graded,))[graded])


def first_api(source: str, group: str = "activations", graded: str = "sigmoid") -> str:
    findings = found(source, group, graded)
    assert findings, "expected a finding"
    return findings[0].api


FORBIDDEN_USES = {  # name: (group, graded function, source, the API reported first)
    "import_bound_name": ("activations", "sigmoid", """
        from torch import sigmoid as s
        def sigmoid(x):
            return s(x)
        """, "torch.sigmoid"),
    "from_torch_import_same_name_then_own_helper": ("activations", "sigmoid_grad", """
        from torch import tanh
        def sigmoid_grad(x):
            return 1 - tanh(x) ** 2
        """, "torch.tanh"),
    "api_captured_by_a_default_before_the_own_def": ("activations", "sigmoid", """
        from torch import sigmoid
        def sigmoid(x, _squash=sigmoid):
            return _squash(x)
        """, "torch.sigmoid"),
    "api_captured_by_an_alias_before_the_own_def": ("activations", "sigmoid", """
        from torch import sigmoid
        _original = sigmoid
        def sigmoid(x):
            return _original(x)
        """, "torch.sigmoid"),
    "tuple_of_aliases": ("activations", "tanh", """
        import torch
        _S, _T = torch.Tensor.sigmoid, torch.Tensor.tanh
        def tanh(x):
            return _T(x)
        """, "torch.Tensor.tanh"),
    "functional_as_F": ("activations", "relu", """
        import torch.nn.functional as F
        def relu(x):
            return F.relu(x)
        """, "torch.nn.functional.relu"),
    "from_torch_nn_import_functional": ("cross_entropy", "cross_entropy", """
        from torch.nn import functional
        def cross_entropy(logits, targets):
            return functional.cross_entropy(logits, targets)
        """, "torch.nn.functional.cross_entropy"),
    "module_level_alias": ("activations", "sigmoid", """
        import torch
        squash = torch.sigmoid
        def sigmoid(x):
            return squash(x)
        """, "torch.sigmoid"),
    "graded_name_is_the_api": ("activations", "softmax", """
        from torch import softmax
        """, "torch.softmax"),
    "helper_two_levels_down": ("activations", "tanh", """
        import torch
        def _inner(x):
            return torch.tanh(x)
        def _outer(x):
            return _inner(x)
        def tanh(x):
            return _outer(x)
        """, "torch.tanh"),
    "method_of_own_class": ("activations", "sigmoid", """
        import torch
        class Helper:
            def squash(self, x):
                return torch.special.expit(x)
        def sigmoid(x):
            return Helper().squash(x)
        """, "torch.special.expit"),
    "tensor_method": ("activations", "softmax", """
        def softmax(x, dim=-1):
            return x.softmax(dim)
        """, "torch.Tensor.softmax"),
    "backward_for_the_derivative": ("activations", "sigmoid_grad", """
        def sigmoid_grad(x):
            x = x.detach().requires_grad_()
            (1 / (1 + (-x).exp())).sum().backward()
            return x.grad
        """, "torch.Tensor.backward"),
    "autograd_grad": ("activations", "tanh_grad", """
        import torch
        def tanh_grad(x):
            return torch.autograd.grad(x, x)[0]
        """, "torch.autograd.grad"),
    "lambda_in_a_thread": ("activations", "sigmoid", """
        import threading, torch
        def sigmoid(x):
            out = []
            threading.Thread(target=lambda: out.append(torch.sigmoid(x))).start()
            return out[0]
        """, "torch.sigmoid"),
    "default_argument": ("activations", "sigmoid", """
        import torch
        def sigmoid(x, f=torch.sigmoid):
            return f(x)
        """, "torch.sigmoid"),
    "local_import": ("activations", "relu", """
        def relu(x):
            import torch.nn.functional as F
            return F.relu(x)
        """, "torch.nn.functional.relu"),
    "star_import": ("activations", "sigmoid", """
        from torch import *
        def sigmoid(x):
            return sigmoid_impl(x) if False else special.expit(x)
        """, "torch.special.expit"),
    "nn_activation_module": ("activations", "relu", """
        import torch.nn as nn
        def relu(x):
            return nn.ReLU()(x)
        """, "torch.nn.ReLU"),
    "module_level_instance": ("cross_entropy", "cross_entropy", """
        import torch
        criterion = torch.nn.CrossEntropyLoss()
        def cross_entropy(logits, targets):
            return criterion(logits, targets)
        """, "torch.nn.CrossEntropyLoss"),
    "local_alias_of_a_package": ("cross_entropy", "cross_entropy", """
        import torch
        def cross_entropy(logits, targets):
            nn = torch.nn
            return nn.functional.cross_entropy(logits, targets)
        """, "torch.nn.functional.cross_entropy"),
    "name_shadowed_only_in_a_nested_function": ("cross_entropy", "cross_entropy", """
        import torch.nn.functional as F
        def cross_entropy(logits, targets):
            def unused(F):
                return F
            return F.cross_entropy(logits, targets)
        """, "torch.nn.functional.cross_entropy"),
    "optimizer_class_style": ("optimizers", "rmsprop_step", """
        from torch.optim import RMSprop
        def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
            RMSprop([param], lr=lr).step()
        """, "torch.optim.RMSprop"),
    "optimizer_dotted_style": ("optimizers", "rmsprop_step", """
        import torch
        def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
            torch.optim.RMSprop([param], lr=lr).step()
        """, "torch.optim.RMSprop"),
    "optimizer_functional": ("optimizers", "adam_step", """
        from torch.optim import _functional as functional
        def adam_step(param, grad, m, v, step, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
            functional.adam([param], [grad], [m], [v], [], [step])
        """, "torch.optim._functional.adam"),
    "no_torch_tensor": ("no_torch", "cost", """
        import torch
        def cost(xs, ys, w):
            return float(((torch.tensor(xs) * w - torch.tensor(ys)) ** 2).mean())
        """, "torch.tensor"),
    "no_torch_import_alias": ("no_torch", "gradient", """
        from torch import tensor as T
        def gradient(xs, ys, w):
            return float((2 * T(xs) * (T(xs) * w - T(ys))).mean())
        """, "torch.tensor"),
    "getattr_with_a_literal_name": ("activations", "sigmoid", """
        import torch
        def sigmoid(x):
            return getattr(torch, "sigmoid")(x)
        """, "torch.sigmoid"),
    "reexported_functional": ("cross_entropy", "cross_entropy", """
        import torch
        def cross_entropy(logits, targets):
            return torch.nn.modules.loss.F.cross_entropy(logits, targets)
        """, "torch.nn.modules.loss.F.cross_entropy"),
    "method_through_the_type": ("activations", "sigmoid", """
        def sigmoid(x):
            return type(x).sigmoid(x)
        """, "torch.Tensor.sigmoid"),
    "partial_at_import": ("activations", "sigmoid", """
        import functools, torch
        sigmoid = functools.partial(torch.sigmoid)
        """, "torch.sigmoid"),
    "methodcaller_with_a_literal": ("activations", "tanh", """
        import operator
        def tanh(x):
            return operator.methodcaller("tanh")(x)
        """, "torch.Tensor.tanh"),
    "a_decoy_class_does_not_excuse_a_tensor_method": ("activations", "sigmoid", """
        class _Decoy:
            def sigmoid(self):
                return 0
        def sigmoid(x):
            return x.sigmoid()
        """, "torch.Tensor.sigmoid"),
    "private_internals": ("activations", "sigmoid", """
        import torch
        def sigmoid(x):
            return torch._C._VariableFunctions.sigmoid(x)
        """, "torch._C._VariableFunctions.sigmoid"),
}


@pytest.mark.parametrize("name", FORBIDDEN_USES)
def test_a_forbidden_use_is_found_and_named(name):
    group, graded, source, api = FORBIDDEN_USES[name]
    assert first_api(source, group, graded) == api


EVASIONS = {  # name: (source, graded function): computed access where it runs
    "getattr_computed": ("""
        import torch
        def sigmoid(x):
            return getattr(torch, "sig" + "moid")(x)
        """, "sigmoid"),
    "dunder_import": ("""
        def sigmoid(x):
            return __import__("torch").sigmoid(x)
        """, "sigmoid"),
    "importlib": ("""
        import importlib
        def sigmoid(x):
            return importlib.import_module("torch.nn.functional").sigmoid(x)
        """, "sigmoid"),
    "from_importlib": ("""
        from importlib import import_module as load
        def sigmoid(x):
            return load("torch").sigmoid(x)
        """, "sigmoid"),
    "eval": ("""
        def sigmoid(x):
            return eval("torch.sigmoid")(x)
        """, "sigmoid"),
    "globals_subscript": ("""
        import torch
        def sigmoid(x):
            return globals()["torch"].special.expit(x)
        """, "sigmoid"),
    "vars_of_torch": ("""
        import torch
        def sigmoid(x):
            return vars(torch)["sigmoid"](x)
        """, "sigmoid"),
    "module_dict": ("""
        import torch
        def sigmoid(x):
            return torch.__dict__["sigm" + "oid"](x)
        """, "sigmoid"),
    "getattr_as_a_value": ("""
        import functools, torch
        def sigmoid(x):
            return functools.reduce(getattr, ["sigmoid"], torch)(x)
        """, "sigmoid"),
    "attrgetter": ("""
        import operator, torch
        NAME = "sigmoid"
        def sigmoid(x):
            return operator.attrgetter(NAME)(torch)(x)
        """, "sigmoid"),
    "sys_modules": ("""
        import sys
        def sigmoid(x):
            return sys.modules["torch"].sigmoid(x)
        """, "sigmoid"),
    "graded_function_made_by_exec_at_import": ("""
        import torch
        exec("def sigmoid(x): return torch.sigmoid(x)")
        """, "sigmoid"),
    "graded_name_rebound_through_globals_at_import": ("""
        import torch
        def sigmoid(x):
            return 1 / (1 + torch.exp(-x))
        globals()["sigmoid"] = torch.sigmoid
        """, "sigmoid"),
    "rebound_by_a_helper_called_at_import": ("""
        import torch
        def sigmoid(x):
            return 1 / (1 + torch.exp(-x))
        def _install():
            sigmoid.__code__ = (lambda x: torch.sigmoid(x)).__code__
        _install()
        """, "sigmoid"),
    "library_patched_at_import": ("""
        import torch
        torch.exp = torch.sigmoid
        def sigmoid(x):
            return torch.exp(x)
        """, "sigmoid"),
    "library_patched_with_setattr": ("""
        import torch
        setattr(torch.Tensor, "exp", torch.Tensor.sigmoid)
        def sigmoid(x):
            return x.exp()
        """, "sigmoid"),
    "inspect_fetching_members": ("""
        import inspect
        import torch
        def sigmoid(x):
            return dict(inspect.getmembers(torch))["sig" + "moid"](x)
        """, "sigmoid"),
    "frame_globals": ("""
        import sys
        def sigmoid(x):
            return sys._getframe().f_globals["torch"].sigmoid(x)
        """, "sigmoid"),
}


@pytest.mark.parametrize("name", EVASIONS)
def test_computed_access_is_reported_as_evasion(name):
    source, graded = EVASIONS[name]
    findings = found(source, "activations", graded)
    assert findings and all(f.evasion for f in findings if not f.api.startswith("torch.")), \
        findings
    assert any(f.evasion for f in findings)


ALLOWED = {  # name: (group, graded function, source): no finding at all
    "imported_but_unused": ("activations", "sigmoid", """
        import torch
        import torch.nn.functional as F
        from torch import sigmoid as torch_sigmoid, tanh
        def sigmoid(x):
            return 1 / (1 + torch.exp(-x))
        """),
    "own_def_replaces_an_earlier_import": ("activations", "sigmoid_grad", """
        import torch
        from torch import sigmoid
        def sigmoid(x):
            return 1 / (1 + torch.exp(-x))
        def sigmoid_grad(x):
            s = sigmoid(x)
            return s * (1 - s)
        """),
    "demo_code_at_the_top_and_under_main": ("activations", "softmax", """
        import torch
        import torch.nn.functional as F
        def softmax(x, dim=-1):
            e = torch.exp(x - x.amax(dim=dim, keepdim=True))
            return e / e.sum(dim=dim, keepdim=True)
        x = torch.randn(3)
        print(torch.allclose(softmax(x), F.softmax(x, dim=-1)), x.softmax(0))
        if __name__ == "__main__":
            y = x.clone().requires_grad_()
            torch.sigmoid(y).sum().backward()
            print(vars(), globals(), eval("1 + 1"))
        """),
    "forbidden_use_in_a_function_never_reached": ("activations", "relu", """
        import torch
        def relu(x):
            return torch.clamp(x, min=0)
        def check_against_torch(x):
            return torch.allclose(relu(x), torch.relu(x))
        """),
    "own_class_methods_named_like_apis": ("activations", "sigmoid", """
        import torch
        class Activation:
            def __init__(self):
                self.linear = None
                self.relu = lambda t: torch.clamp(t, min=0)
            def sigmoid(self, x):
                return 1 / (1 + torch.exp(-x))
            def backward(self, x):
                s = self.sigmoid(x)
                return s * (1 - s)
        def sigmoid(x):
            act = Activation()
            act.backward(x)
            return act.sigmoid(x) + 0 * act.relu(x)
        """),
    "type_annotations_and_isinstance": ("no_torch", "cost", """
        from __future__ import annotations
        import numpy as np
        import torch
        def cost(xs: torch.Tensor, ys: list[float], w: float) -> float:
            if isinstance(xs, (torch.Tensor, np.ndarray)):
                xs = list(xs)
            return sum((x * w - y) ** 2 for x, y in zip(xs, ys)) / len(xs)
        """),
    "ready_optimizer_subclass_and_its_demo": ("optimizers", "rmsprop_step", """
        import torch

        @torch.no_grad()
        def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
            square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
            param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)

        class RMSprop(torch.optim.Optimizer):
            def __init__(self, params, lr=0.01):
                super().__init__(params, dict(lr=lr))
            def step(self):
                for group in self.param_groups:
                    for p in group["params"]:
                        rmsprop_step(p, p.grad, torch.zeros_like(p), lr=group["lr"])

        w = torch.zeros(3, requires_grad=True)
        optimizer = RMSprop([w])
        reference = torch.optim.RMSprop([w.detach().clone()])
        optimizer.step()
        """),
    "own_autograd_value_class_in_gradient_descent": ("no_torch", "gradient", """
        class Value:
            def __init__(self, data, grad=0.0):
                self.data, self.grad = data, grad
            def backward(self):
                self.grad = 1.0
        def gradient(xs, ys, w):
            weight = Value(w)
            loss = weight
            loss.backward()
            return sum(2 * x * (x * w - y) for x, y in zip(xs, ys)) / len(xs)
        """),
    "own_object_through_a_factory_and_its_class": ("activations", "relu", """
        import torch
        class Rectifier:
            def relu(self, x):
                return torch.clamp(x, min=0)
        SHARED = Rectifier()
        def relu(x):
            return SHARED.relu(x) + 0 * Rectifier.relu(SHARED, x)
        """),
    "numpy_and_math_in_gradient_descent": ("no_torch", "gradient", """
        import math
        import numpy as np
        def gradient(xs, ys, w):
            xs, ys = np.asarray(xs), np.asarray(ys)
            return float(np.mean(2 * xs * (xs * w - ys))) + 0 * math.exp(0)
        """),
    "softmax_is_allowed_in_cross_entropy": ("cross_entropy", "log_softmax", """
        import torch
        def log_softmax(logits):
            return torch.log(logits.softmax(dim=1)) + 0 * torch.logsumexp(logits, dim=1,
                                                                          keepdim=True)
        """),
    "inspect_describing_a_function_is_not_computed_access": ("activations", "sigmoid", """
        import inspect
        import torch
        def _float_arguments(function):
            signature = inspect.signature(function)
            def wrapped(*args, **kwargs):
                bound = signature.bind(*args, **kwargs)
                assert inspect.isfunction(function)
                return function(*bound.args, **bound.kwargs)
            return wrapped
        @_float_arguments
        def sigmoid(x):
            return 1 / (1 + torch.exp(-x))
        """),
    "own_model_attribute_of_a_module_is_not_computed_access": ("activations", "relu", """
        import torch
        def relu(x):
            return torch.clamp(x, min=0)
        model = torch.nn.Linear(2, 2)
        print(model.__dict__.keys())
        """),
}


@pytest.mark.parametrize("name", ALLOWED)
def test_allowed_styles_have_no_finding(name):
    group, graded, source = ALLOWED[name]
    assert found(source, group, graded) == []


def test_the_message_names_the_call_and_the_function_it_is_in():
    source = """
        import torch
        def _squash(x):
            return torch.sigmoid(x)
        def sigmoid(x):
            return _squash(x)
        """
    finding = found(source)[0]
    assert finding.sentence("sigmoid") == (
        "your code uses torch.sigmoid in `_squash` (line 4, reached from `sigmoid`), "
        "which this exercise forbids: write it with basic tensor operations")


def test_a_method_form_shows_the_call_as_written():
    source = """
        def sigmoid_grad(x):
            y = x.detach().requires_grad_()
            out = 1 / (1 + (-y).exp())
            out.sum().backward()
            return y.grad
        """
    message = found(source, graded="sigmoid_grad")[0].sentence("sigmoid_grad")
    assert "torch.Tensor.backward (`out.sum().backward()`) in `sigmoid_grad` (line 5)" in message


def test_a_notebook_line_is_described_by_the_given_place():
    findings = analyse("import torch\ndef relu(x):\n    return torch.relu(x)\n",
                       "activations", ("relu",), place=lambda line: f"cell 2, line {line}")
    assert findings["relu"][0].place == "cell 2, line 3"


def test_a_graded_name_bound_only_at_run_time_is_hidden():
    findings = found("""
        import torch
        for name in ["sigmoid"]:
            globals()[name] = lambda x: 1 / (1 + torch.exp(-x))
        """)
    assert findings[0].evasion == HIDDEN
    assert "created at run time" in findings[0].sentence("sigmoid")


def test_an_unparsable_source_has_no_findings():
    assert analyse("def sigmoid(:\n", "activations", ("sigmoid",)) == {"sigmoid": ()}


def _scoped():
    return [exercise for exercise in catalog.exercises() if exercise.forbid]


@pytest.mark.parametrize("exercise", _scoped(), ids=lambda e: e.stem)
def test_references_and_stubs_use_nothing_forbidden(exercise):
    assert exercise.forbid in RULES
    files = catalog.files(exercise.stem)
    for path in (files.solution, files.stub):
        text = path.read_text(encoding="utf-8")
        findings = analyse(text, exercise.forbid, exercise.forbidden_scope())
        assert all(not found for found in findings.values()), (path, findings)


def test_the_optimizer_exercises_scope_only_the_rule():
    rmsprop = catalog.get("rmsprop")
    assert rmsprop.forbidden_scope() == ("rmsprop_step",)
    assert catalog.get("activations").forbidden_scope() == catalog.get("activations").names
    assert catalog.get("linear_model").forbidden_scope() == ()


def test_a_source_too_deep_to_walk_is_reported_not_crashed():
    source = "def sigmoid(x):\n    return x" + " + x" * 30000 + "\n"
    findings = analyse(source, "activations", ("sigmoid",))["sigmoid"]
    assert findings and "nested too deeply" in findings[0].sentence("sigmoid")


def test_a_large_plain_file_is_analysed_quickly():
    import time
    helpers = "".join(f"def helper_{i}(x):\n    return helper_{i - 1}(x) + 1\n"
                      for i in range(1, 2000))
    source = "import torch\ndef helper_0(x):\n    return torch.sigmoid(x)\n" + helpers + \
        "def sigmoid(x):\n    return helper_1999(x)\n"
    started = time.monotonic()
    findings = analyse(source, "activations", catalog.get("activations").names)
    assert time.monotonic() - started < 5
    assert findings["sigmoid"][0].api == "torch.sigmoid"


def test_a_class_body_and_defaults_run_at_import():
    for source in ("""
        import torch
        def sigmoid(x):
            return 1 / (1 + torch.exp(-x))
        class _Installer:
            globals()["sigmoid"] = torch.sigmoid
        """, """
        import torch
        def sigmoid(x):
            return 1 / (1 + torch.exp(-x))
        def _unused(x, _=globals().update(sigmoid=torch.sigmoid)):
            return x
        """):
        findings = found(source)
        assert findings and findings[0].evasion and findings[0].at_import


def test_colab_detection_and_a_reversed_main_guard_are_fine():
    assert found("""
        import sys
        import torch
        IN_COLAB = "google.colab" in sys.modules
        def sigmoid(x):
            return 1 / (1 + torch.exp(-x))
        if "__main__" == __name__:
            print(globals(), torch.sigmoid(torch.zeros(1)))
        """) == []


def test_locals_inside_a_function_is_fine_but_not_at_the_top_level():
    body = "import torch\ndef relu(x):\n    print(locals())\n    return torch.clamp(x, min=0)\n"
    assert found(body, graded="relu") == []
    assert found(body + "locals()['relu'] = torch.relu\n", graded="relu")[0].evasion


def test_a_global_rebound_inside_a_function_is_one_more_binding():
    for body in ("global sigmoid\n    sigmoid = torch.sigmoid",
                 "global sigmoid\n    from torch import sigmoid"):
        source = ("import torch\ndef sigmoid(x):\n    return 1 / (1 + torch.exp(-x))\n"
                  f"def _install():\n    {body}\n_install()\n")
        assert analyse(source, "activations", ("sigmoid",))["sigmoid"][0].api == "torch.sigmoid"
