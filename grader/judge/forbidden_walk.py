"""Walking one piece of a file's own code for the forbidden-API analysis
(grader.judge.forbidden_static): what each reference may denote (through imports,
aliases, locals and literal `getattr`), the forbidden APIs and Tensor method forms it
uses, the computed access it makes (`eval`, `importlib`, `__dict__`, a library
patched), and the other pieces of own code it reaches.
"""

from __future__ import annotations

import ast
import builtins
from typing import Callable

from grader.catalog.forbidden_groups import Rule
from grader.judge.forbidden_findings import Finding
from grader.judge.source_bindings import Dotted, ModuleBindings, OwnCode, Scope, ScopeNode

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
OBJECT_DICT = "object.__dict__"  # an own object's attributes: only judged where graded code runs
# Replacing these modules' attributes (`torch.exp = torch.sigmoid`) is evasion.
_PATCHED = ("torch", "torch.Tensor", "torch.nn.functional", "torch.special", "builtins")
_NAME_TAKING = {"builtins.getattr": 1, "operator.attrgetter": 0, "operator.methodcaller": 0}
_BUILTINS = frozenset(dir(builtins))


class CodeWalk(ast.NodeVisitor):
    """Walk one piece of the file's own code: record forbidden references, computed
    access, and the other pieces of own code it reaches."""

    def __init__(self, module: ModuleBindings, rule: Rule, code: OwnCode, place: Callable[[int], str]):
        self.module, self.rule, self.where, self.place = module, rule, code.name, place
        self.early = code.early or {}
        self.findings: list[Finding] = []
        self.reached: list[OwnCode] = []
        self.scope: Scope | None = None
        self.called: dict[int, ast.Call] = {}  # callee node id -> its call

    # -- resolution
    def resolve(self, node: ast.AST, seen: frozenset = frozenset()) -> list:
        """What an expression may denote: Dotted, OwnCode, or None (unknown)."""
        if isinstance(node, ast.Name):
            return self._lookup(node.id, self.scope, seen)
        if isinstance(node, ast.Attribute):
            return [Dotted(f"{t.dotted}.{node.attr}") if isinstance(t, Dotted) else None
                    for t in self.resolve(node.value, seen)]
        if isinstance(node, ast.Call) and (name := self._literal_getattr(node)) is not None:
            return [Dotted(f"{t.dotted}.{name}") if isinstance(t, Dotted)
                    else None for t in self.resolve(node.args[0], seen)]
        return [None]

    def _literal_getattr(self, node: ast.Call) -> str | None:
        """The name `getattr(x, "name")` looks up; None for any other call."""
        name = node.args[1] if len(node.args) >= 2 else None
        if (isinstance(name, ast.Constant) and isinstance(name.value, str)
                and Dotted("builtins.getattr") in self.resolve(node.func)):
            return name.value
        return None

    def _lookup(self, name: str, scope: Scope | None, seen: frozenset) -> list:
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
            return [Dotted(f"builtins.{name}")]
        return [Dotted(f"{star}.{name}") for star in self.module.stars] or [None]

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
            if isinstance(binding, OwnCode) and isinstance(binding.node, (ast.Name, ast.Attribute)):
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
            if isinstance(target, OwnCode):
                self.reached.append(target)
            elif isinstance(target, Dotted):
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
            asks = isinstance(op, (ast.In, ast.NotIn)) and Dotted("sys.modules") in \
                self.resolve(right)
            if not asks:
                self.visit(right)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            return
        targets = self.resolve(node)
        self._judge(targets, node)
        if id(node) not in self.called and any(Dotted(name) in targets for name in _NAME_TAKING):
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
        if any(isinstance(t, Dotted) for t in targets):
            self._judge(targets, node)
        if not all(isinstance(t, Dotted) for t in targets):
            self._method_form(node.attr, node, node.value)
            self.visit(node.value)

    def _patching(self, owner: ast.expr, node: ast.AST) -> None:
        """`torch.exp = ...`, `setattr(torch, ...)`: a library's name replaced."""
        if any(isinstance(t, Dotted) and t.dotted in _PATCHED for t in self.resolve(owner)):
            self._found(ast.unparse(owner), node, f"changes a library with `{self._source(node)}`")

    def _dictionary(self, node: ast.Attribute) -> None:
        """`torch.__dict__` is computed access to a library; `model.__dict__` of an
        object of the file's is only suspicious in code a graded function runs."""
        known = [t for t in self.resolve(node.value) if isinstance(t, Dotted)]
        self._found("__dict__" if known else OBJECT_DICT, node,
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
                    if isinstance(t, OwnCode) and isinstance(t.node, ast.ClassDef)]
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

    def _classes_of_values(self, values: list, scope: Scope | None, seen: frozenset) -> list:
        classes = []
        for value in values:
            if isinstance(value, OwnCode) and isinstance(value.node, ast.ClassDef):
                classes.append(value.node)
                continue
            expression = value.node if isinstance(value, OwnCode) else value
            if isinstance(expression, ast.expr):
                outer, self.scope = self.scope, scope
                classes += self._own_classes(expression, seen)
                self.scope = outer
        return classes

    def visit_Call(self, node: ast.Call) -> None:
        self.called[id(node.func)] = node
        callee = self.resolve(node.func)
        if self._literal_getattr(node) is not None:
            self._judge([t for t in self.resolve(node) if isinstance(t, Dotted)], node)
        for dotted, position in _NAME_TAKING.items():
            if Dotted(dotted) in callee:
                self._name_argument(node, position)
        if node.args and {Dotted("builtins.setattr"), Dotted("builtins.delattr")} & set(callee):
            self._patching(node.args[0], node)
        if len(node.args) == 2 and {Dotted("builtins.isinstance"),
                                    Dotted("builtins.issubclass")} & set(callee):
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

    def visit_scope(self, node: ScopeNode) -> None:
        outer, where = self.scope, self.where
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and outer is not None \
                and isinstance(outer.node, ast.ClassDef):
            self.where = f"{where}.{node.name}"  # a method: `Class.method`
        self.scope = Scope(node, outer)
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


def _scope_body(node: ScopeNode) -> list[ast.AST]:
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return [node.elt, *node.generators[0].ifs, *node.generators[1:]]
    if isinstance(node, ast.DictComp):
        return [node.key, node.value, *node.generators[0].ifs, *node.generators[1:]]
    if isinstance(node, ast.Lambda):
        return [node.body]
    return list(node.body)
