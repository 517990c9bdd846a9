"""Forbidden APIs judged in the trusted process, from the submission's source alone.

The contract forbids some APIs inside some exercises' graded functions (no
`torch.sigmoid` inside `sigmoid`, no `torch.optim` inside an update rule). This module
reads the submission's source (never runs it) and finds, for each graded function,
every forbidden API its code can reach: directly, through import aliases
(`from torch import sigmoid as s`, `import torch.nn.functional as F`), module-level
aliases (`sig = torch.sigmoid`), the file's own helpers, classes and lambdas it uses
(followed transitively), and Tensor method forms (`x.sigmoid()`, `loss.backward()`).
Computed access in that code (`getattr(torch, name)`, `__import__`, `importlib`,
`eval`/`exec`, `globals()`, `vars(...)`, `.__dict__`) is reported as evasion, and so
is dynamic code at the top level, which could rebind a graded name unseen.

What stays allowed: a forbidden API at the top level, in `if __name__ == "__main__":`,
or in functions the graded one never reaches; importing it; the file's own functions,
classes and methods named like an API (`def sigmoid`, a class's `step`).
Pure: source text in, findings out; torch is never imported here.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, TypeGuard


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

# Computed access: what reaches a name the grader cannot read from the source.
_COMPUTED_CALLS = frozenset(f"builtins.{name}" for name in (
    "eval", "exec", "compile", "__import__", "globals", "locals", "vars"))
_COMPUTED_MODULES = ("importlib", "inspect", "sys.modules", "sys._getframe")
# The parts of `inspect` that describe an object already in hand, and fetch nothing by name.
_DESCRIBING = frozenset(f"inspect.{name}" for name in (
    "signature", "Signature", "Parameter", "isclass", "isfunction", "ismethod",
    "isroutine", "isbuiltin", "ismodule", "isgeneratorfunction", "iscoroutinefunction",
    "getdoc", "cleandoc"))
_COMPUTED_ATTRIBUTES = frozenset((
    "__getattribute__", "__globals__", "__builtins__", "__code__", "__subclasses__",
    "__import__", "__loader__", "__spec__", "f_globals", "f_locals", "f_builtins", "f_back",
    "tb_frame", "gi_frame", "cr_frame"))
_OBJECT_DICT = "object.__dict__"  # an own object's attributes: only judged where graded code runs
# Replacing these modules' attributes (`torch.exp = torch.sigmoid`) is evasion.
_PATCHED = ("torch", "torch.Tensor", "torch.nn.functional", "torch.special", "builtins")
_NAME_TAKING = {"builtins.getattr": 1, "operator.attrgetter": 0, "operator.methodcaller": 0}
_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class Finding:
    """A forbidden API, or computed access (`evasion` says which), met in code a graded
    function reaches. `api` is the dotted name (`torch.sigmoid`, `torch.Tensor.backward`);
    `where` the file's own function (or value) it was found in; `place` its line as the
    student knows it (`line 12`, or a notebook's `cell 3, line 2`)."""

    api: str
    where: str
    place: str
    evasion: str = ""
    code: str = ""  # the source form, where it says more than `api` (`y.backward()`)
    at_import: bool = False  # found in code that runs when the file loads

    def sentence(self, graded: str) -> str:
        """The student-facing message for a test of `graded`: names the call and the
        function it was found in, never an expected value. The first clause ends in
        ", which" (suites may reword what follows)."""
        if self.evasion == UNREADABLE:
            return (f"your file is nested too deeply for the grader to read, which the "
                    f"grader cannot check for forbidden APIs: write `{graded}` plainly")
        if self.evasion == HIDDEN:
            return (f"`{graded}` is created at run time, not by a `def` the grader can "
                    f"read, which the grader cannot check for forbidden APIs: define "
                    f"`{graded}` with a plain `def`")
        inside = self._inside(graded)
        if self.evasion:
            return (f"your code {self.evasion} {inside}, which the grader cannot check "
                    f"for forbidden APIs: use library functions by their plain names, "
                    f"without changing them")
        shown = f" (`{self.code}`)" if self.code else ""
        return (f"your code uses {self.api}{shown} {inside}, which this exercise "
                f"forbids: write it with basic tensor operations")

    def _inside(self, graded: str) -> str:
        """`in `_helper` (line 4, reached from `sigmoid`)`, and the like."""
        if self.where == TOP:
            return f"at the top level of your file ({self.place})"
        if self.at_import:
            return f"in `{self.where}` ({self.place}, run when your file loads)"
        if self.where == graded:
            return f"in `{self.where}` ({self.place})"
        return f"in `{self.where}` ({self.place}, reached from `{graded}`)"


HIDDEN = "hidden"  # Finding.evasion of a graded name no def or assignment binds
UNREADABLE = "unreadable"  # Finding.evasion of a source too deep to walk
TOP = "the top level"  # Finding.where of code that runs at import


# ---- the file's own code: top-level bindings ------------------------------------

@dataclass(frozen=True)
class _Path:
    """A dotted name outside the file (`torch.nn.functional`); `line` where an import
    bound it, if it did."""
    dotted: str
    line: int = field(default=0, compare=False)


@dataclass(eq=False)
class _Code:
    """Code of the file that a reference reaches: a def, lambda, class or a top-level
    value (an assignment's right-hand side); `name` is how messages call it. `early`
    holds the global bindings its top-level parts saw when they ran (a def's defaults
    and decorators, a value): `def sigmoid(x, f=sigmoid)` after `from torch import
    sigmoid` captures torch's."""
    node: ast.AST
    name: str
    early: dict | None = None


def _is_main_guard(node: ast.stmt) -> TypeGuard[ast.If]:
    """`if __name__ == "__main__":` (either way round)."""
    test = getattr(node, "test", None)
    if not (isinstance(node, ast.If) and isinstance(test, ast.Compare)
            and len(test.comparators) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = {ast.dump(test.left), ast.dump(test.comparators[0])}
    return sides == {ast.dump(ast.Name("__name__", ast.Load())),
                     ast.dump(ast.Constant("__main__"))}


def _import_bindings(node: ast.Import | ast.ImportFrom) -> list[tuple[str, _Path]]:
    """(bound name, what it names) for each alias; `*` binds the module as name `*`."""
    line = node.lineno
    if isinstance(node, ast.Import):
        return [(alias.asname or alias.name.split(".")[0],
                 _Path(alias.name if alias.asname else alias.name.split(".")[0], line))
                for alias in node.names]
    module = "." * node.level + (node.module or "")  # a relative import names nothing known
    return [(alias.asname or alias.name,
             _Path(module if alias.name == "*" else f"{module}.{alias.name}", line))
            for alias in node.names]


def _headers(node: ast.stmt) -> list[ast.expr]:
    """The expressions a compound statement evaluates itself (not its blocks)."""
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in node.items]
    return [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]


def _header_targets(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [n for item in node.items for n in _stored_names(item.optional_vars)]
    return [n for child in ast.iter_child_nodes(node) for n in _stored_names(child)
            if isinstance(child, ast.expr)]


def _blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [getattr(node, name, []) for name in ("body", "orelse", "finalbody")]
    blocks += [handler.body for handler in getattr(node, "handlers", [])]
    blocks += [case.body for case in getattr(node, "cases", [])]
    return blocks


class _Module:
    """The module's global names and what each may be bound to when grading calls.

    Top-level statements run in order, so a plain statement replaces a name's earlier
    bindings (`from torch import sigmoid` then `def sigmoid` is the student's own);
    a binding inside an `if`/`try`/`for`/`with` block adds a possibility instead.
    `if __name__ == "__main__":` blocks never run when graded. `top_level` holds the
    code that runs at import, without the bodies of defs and classes.
    """

    def __init__(self, tree: ast.Module):
        self.bindings: dict[str, list] = defaultdict(list)
        self.stars: list[str] = []
        self.top_level: list[ast.stmt | ast.expr] = []
        self._bind_block(tree.body, replace=True)
        self._bind_declared_globals(tree)

    def attributes_of(self, cls: ast.ClassDef, seen: frozenset = frozenset()) -> set[str]:
        """The names an own class defines: its body's defs and assignments, what its
        methods store on their first parameter (`self.relu = ...`), and the same of its
        own base classes."""
        names = set()
        for item in cls.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(item.name)
                names |= _stored_on_receiver(item)
            else:
                names |= set(_stored_names(item))
        for base in cls.bases:
            for binding in self.bindings.get(getattr(base, "id", ""), []):
                if isinstance(binding, _Code) and isinstance(binding.node, ast.ClassDef) \
                        and id(binding.node) not in seen:
                    names |= self.attributes_of(binding.node, seen | {id(cls)})
        return names

    def _bind(self, name: str, value, replace: bool) -> None:
        if name == "*":
            self.stars.append(value.dotted)
        elif replace:
            self.bindings[name] = [value]
        else:
            self.bindings[name].append(value)

    def _bind_block(self, body: list[ast.stmt], replace: bool) -> None:
        for node in body:
            if _is_main_guard(node):
                self._bind_block(node.orelse, replace=False)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._bind(node.name, self._code(node, node.name, _evaluated_at_def(node)),
                           replace)
                self.top_level += _run_at_import(node)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for name, path in _import_bindings(node):
                    self._bind(name, path, replace)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                self._bind_assignment(node, replace)
            elif any(_blocks(node)):
                self._bind_compound(node)
            else:
                self.top_level.append(node)
                for name in _stored_names(node):  # a walrus
                    self._bind(name, _Code(node, name), False)

    def _bind_declared_globals(self, tree: ast.Module) -> None:
        """`global sigmoid` then `sigmoid = ...` or an import inside a function: one
        more thing the global may hold once that function has run."""
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            declared = {name for node in ast.walk(function) if isinstance(node, ast.Global)
                        for name in node.names}
            for node in ast.walk(function) if declared else ():
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    for name, path in _import_bindings(node):
                        if name in declared:
                            self._bind(name, path, False)
                elif isinstance(node, ast.Assign):
                    for target in node.targets:
                        for name, value in _paired(target, node.value):
                            if name in declared:
                                self._bind(name, _Code(value, name), False)

    def _bind_assignment(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign,
                         replace: bool) -> None:
        self.top_level.append(node)
        if node.value is None:
            return
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        replace = replace and not isinstance(node, ast.AugAssign)
        for target in targets:
            for name, value in _paired(target, node.value):
                self._bind(name, self._code(value, name, [value]), replace)

    def _code(self, node: ast.AST, name: str, evaluated: list[ast.expr]) -> _Code:
        """A _Code with a snapshot of the globals its `evaluated` parts read now."""
        read = {n.id for part in evaluated for n in ast.walk(part)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        return _Code(node, name, {name: list(self.bindings[name]) for name in read
                                  if name in self.bindings})

    def _bind_compound(self, node: ast.stmt) -> None:
        headers = _headers(node)
        self.top_level += headers
        for name in _header_targets(node):
            self._bind(name, _Code(ast.Tuple(elts=headers, ctx=ast.Load()), name), False)
        for block in _blocks(node):
            self._bind_block(block, replace=False)


def _stored_on_receiver(method: ast.stmt) -> set[str]:
    """`X` of each `self.X = ...` in a method (`self` being its first parameter)."""
    arguments = getattr(method, "args", None)
    first = (arguments.posonlyargs + arguments.args)[:1] if arguments else []
    if not first:
        return set()
    return {node.attr for node in ast.walk(method) if isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name)
            and node.value.id == first[0].arg}


def _evaluated_at_def(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                      ) -> list[ast.expr]:
    """What a def or class statement evaluates when it runs (not its body)."""
    parts = list(node.decorator_list) + getattr(node, "bases", []) + [
        keyword.value for keyword in getattr(node, "keywords", [])]
    if not isinstance(node, ast.ClassDef):
        parts += node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
    return parts


def _run_at_import(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                   ) -> list[ast.stmt | ast.expr]:
    """The parts of a def or class statement that run when it runs: its decorators,
    defaults, bases, and a class body's statements (not its methods' bodies)."""
    parts: list[ast.stmt | ast.expr] = list(_evaluated_at_def(node))
    for statement in node.body if isinstance(node, ast.ClassDef) else []:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            parts += _run_at_import(statement)
        else:
            parts.append(statement)
    return parts


def _paired(target: ast.expr, value: ast.expr) -> list[tuple[str, ast.expr]]:
    """(name, its value) for `a = v` and `a, b = v, w`; else each name gets all of it."""
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
            and len(target.elts) == len(value.elts):
        return [pair for t, v in zip(target.elts, value.elts) for pair in _paired(t, v)]
    return [(name, value) for name in _stored_names(target)]


def _stored_names(node: ast.AST | None) -> list[str]:
    if node is None:
        return []
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Store)]


# ---- scopes of the file's functions ----------------------------------------------

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_ScopeNode = (ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
              | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp)


class _Scope:
    """The local names of one function, lambda, class body or comprehension.

    Each local maps to what it may hold: an import's path, an assigned expression
    (resolved when asked, so `f = torch.sigmoid; f(x)` resolves), or None (unknown).
    """

    def __init__(self, node: _ScopeNode, parent: "_Scope | None"):
        self.node, self.parent = node, parent
        self.locals: dict[str, list] = defaultdict(list)
        self.global_names: set[str] = set()
        self.receiver, self.owner = "", None  # a method's `self`, and its class
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            first = (args.posonlyargs + args.args)[:1]
            if first and parent is not None and isinstance(parent.node, ast.ClassDef):
                self.receiver, self.owner = first[0].arg, parent.node
            for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs,
                        args.kwarg):
                if arg is not None:
                    self.locals[arg.arg].append(None)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for generator in node.generators:
                for name in _stored_names(generator.target):
                    self.locals[name].append(None)
            return
        body = node.body if isinstance(node.body, list) else [node.body]
        for statement in body:
            self._collect(statement)
        for name in self.global_names:
            self.locals.pop(name, None)

    def _collect(self, node: ast.AST) -> None:
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            self.global_names.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for name, path in _import_bindings(node):
                self.locals[name].append(path)
            return
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.locals[node.name].append(None)
            return
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in _stored_names(target):
                    self.locals[name].append(node.value if isinstance(target, ast.Name)
                                             else None)
            self._collect(node.value)
            return
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            self.locals[node.id].append(None)
        elif isinstance(node, _SCOPES):
            return
        for child in ast.iter_child_nodes(node):
            self._collect(child)

    def function(self) -> "_Scope | None":
        """The nearest enclosing scope whose names nested functions see (not a class);
        None when only classes enclose (a method of a class walked on its own)."""
        scope: _Scope | None = self
        while scope is not None and isinstance(scope.node, ast.ClassDef):
            scope = scope.parent
        return scope


# ---- walking reached code ----------------------------------------------------------

class _Walk(ast.NodeVisitor):
    """Walk one piece of the file's own code: record forbidden references, computed
    access, and the other pieces of own code it reaches."""

    def __init__(self, module: _Module, rule: Rule, code: _Code, place: Callable[[int], str]):
        self.module, self.rule, self.where, self.place = module, rule, code.name, place
        self.early = code.early or {}
        self.findings: list[Finding] = []
        self.reached: list[_Code] = []
        self.scope: _Scope | None = None
        self.called: dict[int, ast.Call] = {}  # callee node id -> its call

    # -- resolution
    def resolve(self, node: ast.AST, seen: frozenset = frozenset()) -> list:
        """What an expression may denote: _Path, _Code, or None (unknown)."""
        if isinstance(node, ast.Name):
            return self._lookup(node.id, self.scope, seen)
        if isinstance(node, ast.Attribute):
            return [_Path(f"{t.dotted}.{node.attr}") if isinstance(t, _Path) else None
                    for t in self.resolve(node.value, seen)]
        if isinstance(node, ast.Call) and (name := self._literal_getattr(node)) is not None:
            return [_Path(f"{t.dotted}.{name}") if isinstance(t, _Path)
                    else None for t in self.resolve(node.args[0], seen)]
        return [None]

    def _literal_getattr(self, node: ast.Call) -> str | None:
        """The name `getattr(x, "name")` looks up; None for any other call."""
        name = node.args[1] if len(node.args) >= 2 else None
        if (isinstance(name, ast.Constant) and isinstance(name.value, str)
                and _Path("builtins.getattr") in self.resolve(node.func)):
            return name.value
        return None

    def _lookup(self, name: str, scope: _Scope | None, seen: frozenset) -> list:
        while scope is not None:
            if name in scope.locals:
                if (id(scope), name) in seen:
                    return [None]
                found = []
                for value in scope.locals[name]:
                    if isinstance(value, ast.AST):
                        outer, self.scope = self.scope, scope
                        found += self.resolve(value, seen | {(id(scope), name)})
                        self.scope = outer
                    else:
                        found.append(value)
                return found
            scope = scope.parent.function() if scope.parent else None
        if name in self.module.bindings or name in self.early:
            return self._global(name, seen)
        if name in _BUILTINS or name == "__builtins__":
            return [_Path(f"builtins.{name}")]
        return [_Path(f"{star}.{name}") for star in self.module.stars] or [None]

    def _global(self, name: str, seen: frozenset) -> list:
        """A module global: its bindings, and what an alias among them names
        (`F = torch.nn.functional` is both the top-level value and the module)."""
        bindings = self.module.bindings.get(name, [])
        if self.scope is None and name in self.early:  # evaluated at import, not at call
            bindings = self.early[name]
        found = list(bindings)
        if ("global", name) in seen:
            return found
        outer, self.scope = self.scope, None
        for binding in bindings:
            if isinstance(binding, _Code) and isinstance(binding.node, (ast.Name, ast.Attribute)):
                found += [t for t in self.resolve(binding.node, seen | {("global", name)})
                          if t is not None]
        self.scope = outer
        return found

    # -- recording
    def _found(self, api: str, node: ast.AST, evasion: str = "", code: str = "") -> None:
        self.findings.append(Finding(api, self.where, self.place(getattr(node, "lineno", 0)),
                                     evasion, code))

    def _source(self, node: ast.AST) -> str:
        """The node as written (its whole call when it is a callee), shortened."""
        return _shortened(ast.unparse(self.called.get(id(node), node)))

    def _judge(self, targets: list, node: ast.AST) -> None:
        for target in targets:
            if isinstance(target, _Code):
                self.reached.append(target)
            elif isinstance(target, _Path):
                self._judge_path(target.dotted, node)

    def _judge_path(self, dotted: str, node: ast.AST) -> None:
        if self.rule.forbids(dotted):
            self._found(dotted, node)
        elif dotted == "builtins.locals" and self.scope is not None:
            return  # a function's own locals: any forbidden name bound there was seen
        elif dotted in _COMPUTED_CALLS or dotted == "builtins.__builtins__" or (
                dotted not in _DESCRIBING and any(
                    dotted == m or dotted.startswith(m + ".") for m in _COMPUTED_MODULES)):
            self._found(dotted, node, f"looks up a name at run time with `{self._source(node)}`")

    # -- visiting
    def visit_Compare(self, node: ast.Compare) -> None:
        """`"google.colab" in sys.modules` only asks; it looks nothing up."""
        self.visit(node.left)
        for op, right in zip(node.ops, node.comparators):
            asks = isinstance(op, (ast.In, ast.NotIn)) and _Path("sys.modules") in \
                self.resolve(right)
            if not asks:
                self.visit(right)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            return
        targets = self.resolve(node)
        self._judge(targets, node)
        if id(node) not in self.called and any(_Path(name) in targets for name in _NAME_TAKING):
            self._found(node.id, node, f"passes `{node.id}` around as a value")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in _COMPUTED_ATTRIBUTES:
            self._found(node.attr, node, f"looks up a name at run time with `{self._source(node)}`")
        if not isinstance(node.ctx, ast.Load):
            self._patching(node.value, node)
            self.visit(node.value)
            return
        if node.attr == "__dict__":
            self._dictionary(node)
        targets = self.resolve(node)
        if any(isinstance(t, _Path) for t in targets):
            self._judge(targets, node)
        if not all(isinstance(t, _Path) for t in targets):
            self._method_form(node.attr, node, node.value)
            self.visit(node.value)

    def _patching(self, owner: ast.expr, node: ast.AST) -> None:
        """`torch.exp = ...`, `setattr(torch, ...)`: a library's name replaced."""
        if any(isinstance(t, _Path) and t.dotted in _PATCHED for t in self.resolve(owner)):
            self._found(ast.unparse(owner), node, f"changes a library with `{self._source(node)}`")

    def _dictionary(self, node: ast.Attribute) -> None:
        """`torch.__dict__` is computed access to a library; `model.__dict__` of an
        object of the file's is only suspicious in code a graded function runs."""
        known = [t for t in self.resolve(node.value) if isinstance(t, _Path)]
        self._found("__dict__" if known else _OBJECT_DICT, node,
                    f"looks up a name at run time with `{self._source(node)}`")

    def _method_form(self, name: str, node: ast.AST, receiver: ast.AST | None) -> None:
        """`x.sigmoid()` is the Tensor method unless `x` is an object (or class) of
        the file's own that defines `sigmoid`."""
        if name not in self.rule.methods or receiver is not None and any(
                name in self.module.attributes_of(cls) for cls in self._own_classes(receiver)):
            return
        self._found(f"torch.Tensor.{name}", node, code=self._source(node))

    def _own_classes(self, node: ast.AST, seen: frozenset = frozenset()) -> list:
        """The file's own classes that `node` may be (or be an instance of)."""
        if isinstance(node, ast.Call):
            return [t.node for t in self.resolve(node.func)
                    if isinstance(t, _Code) and isinstance(t.node, ast.ClassDef)]
        if not isinstance(node, ast.Name) or node.id in seen:
            return []
        scope = self.scope
        while scope is not None:
            if node.id in scope.locals:
                if node.id == scope.receiver:
                    return [scope.owner]
                return self._classes_of_values(scope.locals[node.id], scope, seen | {node.id})
            scope = scope.parent.function() if scope.parent else None
        return self._classes_of_values(self.module.bindings.get(node.id, []), None,
                                       seen | {node.id})

    def _classes_of_values(self, values: list, scope: _Scope | None, seen: frozenset) -> list:
        classes = []
        for value in values:
            if isinstance(value, _Code) and isinstance(value.node, ast.ClassDef):
                classes.append(value.node)
                continue
            expression = value.node if isinstance(value, _Code) else value
            if isinstance(expression, ast.expr):
                outer, self.scope = self.scope, scope
                classes += self._own_classes(expression, seen)
                self.scope = outer
        return classes

    def visit_Call(self, node: ast.Call) -> None:
        self.called[id(node.func)] = node
        callee = self.resolve(node.func)
        if self._literal_getattr(node) is not None:
            self._judge([t for t in self.resolve(node) if isinstance(t, _Path)], node)
        for dotted, position in _NAME_TAKING.items():
            if _Path(dotted) in callee:
                self._name_argument(node, position)
        if node.args and {_Path("builtins.setattr"), _Path("builtins.delattr")} & set(callee):
            self._patching(node.args[0], node)
        if len(node.args) == 2 and {_Path("builtins.isinstance"),
                                    _Path("builtins.issubclass")} & set(callee):
            self.visit(node.func)  # a type checked against calls nothing of it
            self.visit(node.args[0])
            if not _is_type_name(node.args[1]):
                self.visit(node.args[1])
            return
        self.generic_visit(node)

    def _name_argument(self, node: ast.Call, position: int) -> None:
        """getattr/attrgetter/methodcaller: a literal name on an object that is not a
        known module is judged as a method name; any other name is evasion."""
        if len(node.args) <= position:
            return
        argument = node.args[position]
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            self._found(ast.unparse(node.func), node,
                        f"looks up a name at run time with `{_shortened(ast.unparse(node))}`")
        elif position == 0 or None in self.resolve(node.args[0]):
            receiver = node.args[0] if position == 1 else None
            for part in argument.value.split("."):
                self._method_form(part, node, receiver)

    def visit_scope(self, node: _ScopeNode) -> None:
        outer, where = self.scope, self.where
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and outer is not None \
                and isinstance(outer.node, ast.ClassDef):
            self.where = f"{where}.{node.name}"  # a method: `Class.method`
        self.scope = _Scope(node, outer)
        try:
            for child in _scope_body(node):
                self.visit(child)
        finally:
            self.scope, self.where = outer, where

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for child in (*node.decorator_list, *node.args.defaults,
                      *[d for d in node.args.kw_defaults if d is not None]):
            self.visit(child)
        self.visit_scope(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for child in (*node.args.defaults, *[d for d in node.args.kw_defaults if d]):
            self.visit(child)
        self.visit_scope(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for child in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(child)
        self.visit_scope(node)

    def visit_comprehension_scope(self, node: ast.ListComp | ast.SetComp | ast.DictComp
                                  | ast.GeneratorExp) -> None:
        self.visit(node.generators[0].iter)  # evaluated in the enclosing scope
        self.visit_scope(node)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = \
        visit_comprehension_scope

    def visit_arg(self, node: ast.arg) -> None:
        pass  # annotations name types; they call nothing

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)


def _is_type_name(node: ast.expr) -> bool:
    """`torch.Tensor`, `(float, np.ndarray)`: names of types, nothing computed."""
    if isinstance(node, ast.Tuple):
        return all(_is_type_name(element) for element in node.elts)
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _scope_body(node: _ScopeNode) -> list[ast.AST]:
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return [node.elt, *node.generators[0].ifs, *node.generators[1:]]
    if isinstance(node, ast.DictComp):
        return [node.key, node.value, *node.generators[0].ifs, *node.generators[1:]]
    if isinstance(node, ast.Lambda):
        return [node.body]
    return list(node.body)


# ---- the analysis ---------------------------------------------------------------

class _Reach:
    """Each piece of own code walked once; what a piece reaches, transitively."""

    def __init__(self, module: _Module, rule: Rule, place: Callable[[int], str]):
        self.module, self.rule, self.place = module, rule, place
        self._walks: dict[int, _Walk] = {}

    def walk(self, code: _Code) -> _Walk:
        if id(code) not in self._walks:
            walk = _Walk(self.module, self.rule, code, self.place)
            walk.visit(code.node)
            self._walks[id(code)] = walk
        return self._walks[id(code)]

    def findings(self, start: list[_Code]) -> list[Finding]:
        found, seen, todo = [], set(), list(start)
        while todo:
            code = todo.pop(0)
            if id(code) in seen:
                continue
            seen.add(id(code))
            walk = self.walk(code)
            found += walk.findings
            todo += walk.reached
        return found


def _graded_findings(module: _Module, reach: _Reach, name: str) -> list[Finding]:
    """What the graded global `name` reaches. A name that is an import of a forbidden
    API is a use; one no def, assignment or import binds is bound at run time (HIDDEN)."""
    bindings = module.bindings.get(name) or [_Path(f"{s}.{name}") for s in module.stars]
    if not bindings:
        return [Finding("", name, "", HIDDEN)]
    found = []
    for binding in bindings:
        if isinstance(binding, _Code):
            found += reach.findings([binding])
        elif reach.rule.forbids(binding.dotted):
            found.append(Finding(binding.dotted, name, reach.place(binding.line)))
    return found


def _top_level_evasion(module: _Module, reach: _Reach) -> list[Finding]:
    """Computed access run at import (top-level code and what it reaches), which could
    rebind any graded name; forbidden APIs used there are fine (demo code)."""
    body = [part if isinstance(part, ast.stmt) else ast.Expr(part) for part in module.top_level]
    top = _Code(ast.Module(body=body, type_ignores=[]), TOP)
    return [dataclasses.replace(finding, at_import=True)
            for finding in reach.findings([top])
            if finding.evasion and finding.api != _OBJECT_DICT]


def _line(number: int) -> str:
    return f"line {number}"


def analyse(text: str, group: str, graded: tuple[str, ...],
            place: Callable[[int], str] = _line) -> dict[str, tuple[Finding, ...]]:
    """For each graded function name, the findings its code reaches (empty: clean),
    forbidden uses first, in line order.

    `group` names a RULES entry; `place` describes a line number for the student
    (grader.engine.submission.Source.where). A source that does not parse gives no findings
    (the grader reports it as a syntax error before anything is judged).
    """
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {name: () for name in graded}
    except RecursionError:  # a machine-made expression thousands of levels deep
        return {name: (Finding("", name, "", UNREADABLE),) for name in graded}
    try:
        return _judge_module(_Module(tree), RULES[group], graded, place)
    except RecursionError:
        return {name: (Finding("", name, "", UNREADABLE),) for name in graded}


def _judge_module(module: _Module, rule: Rule, graded: tuple[str, ...],
                  place: Callable[[int], str]) -> dict[str, tuple[Finding, ...]]:
    reach = _Reach(module, rule, place)
    everywhere = _top_level_evasion(module, reach)
    result = {}
    for name in graded:
        found = _graded_findings(module, reach, name) + everywhere
        unique = {(f.api, f.where, f.place, f.evasion): f for f in found}
        result[name] = tuple(unique.values())
    return result
