"""What each name of a Python source may be bound to, read from its syntax tree alone.

`ModuleBindings`: the module's globals, in the order top-level statements run (a plain
statement replaces a name's earlier bindings, one inside a block adds a possibility; `if
__name__ == "__main__":` never runs when graded), and the code that runs at import.
`Scope`: the local names of one function, lambda, class body or comprehension. A name
may be bound to a `Dotted` name outside the file (an import), to `OwnCode` (a def,
class, lambda or assigned value of the file) or to None (unknown). Pure: nothing is run.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypeGuard


@dataclass(frozen=True)
class Dotted:
    """A dotted name outside the file (`torch.nn.functional`); `line` where an import
    bound it, if it did."""
    dotted: str
    line: int = field(default=0, compare=False)


@dataclass(eq=False)
class OwnCode:
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


def _import_bindings(node: ast.Import | ast.ImportFrom) -> list[tuple[str, Dotted]]:
    """(bound name, what it names) for each alias; `*` binds the module as name `*`."""
    line = node.lineno
    if isinstance(node, ast.Import):
        return [(alias.asname or alias.name.split(".")[0],
                 Dotted(alias.name if alias.asname else alias.name.split(".")[0], line))
                for alias in node.names]
    module = "." * node.level + (node.module or "")  # a relative import names nothing known
    return [(alias.asname or alias.name,
             Dotted(module if alias.name == "*" else f"{module}.{alias.name}", line))
            for alias in node.names]


def _headers(node: ast.stmt) -> list[ast.expr]:
    """The expressions a compound statement evaluates itself (not its blocks)."""
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in node.items]
    return [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]


def _header_targets(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [n for item in node.items for n in stored_names(item.optional_vars)]
    return [n for child in ast.iter_child_nodes(node) for n in stored_names(child)
            if isinstance(child, ast.expr)]


def _blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [getattr(node, name, []) for name in ("body", "orelse", "finalbody")]
    blocks += [handler.body for handler in getattr(node, "handlers", [])]
    blocks += [case.body for case in getattr(node, "cases", [])]
    return blocks


class ModuleBindings:
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
                names |= set(stored_names(item))
        for base in cls.bases:
            for binding in self.bindings.get(getattr(base, "id", ""), []):
                if isinstance(binding, OwnCode) and isinstance(binding.node, ast.ClassDef) \
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
                for name in stored_names(node):  # a walrus
                    self._bind(name, OwnCode(node, name), False)

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
                                self._bind(name, OwnCode(value, name), False)

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

    def _code(self, node: ast.AST, name: str, evaluated: list[ast.expr]) -> OwnCode:
        """A OwnCode with a snapshot of the globals its `evaluated` parts read now."""
        read = {n.id for part in evaluated for n in ast.walk(part)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        return OwnCode(node, name, {name: list(self.bindings[name]) for name in read
                                  if name in self.bindings})

    def _bind_compound(self, node: ast.stmt) -> None:
        headers = _headers(node)
        self.top_level += headers
        for name in _header_targets(node):
            self._bind(name, OwnCode(ast.Tuple(elts=headers, ctx=ast.Load()), name), False)
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
    return [(name, value) for name in stored_names(target)]


def stored_names(node: ast.AST | None) -> list[str]:
    if node is None:
        return []
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Store)]


# ---- scopes of the file's functions ----------------------------------------------

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
ScopeNode = (ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
              | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp)


class Scope:
    """The local names of one function, lambda, class body or comprehension.

    Each local maps to what it may hold: an import's path, an assigned expression
    (resolved when asked, so `f = torch.sigmoid; f(x)` resolves), or None (unknown).
    """

    def __init__(self, node: ScopeNode, parent: "Scope | None"):
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
                for name in stored_names(generator.target):
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
                for name in stored_names(target):
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

    def function(self) -> "Scope | None":
        """The nearest enclosing scope whose names nested functions see (not a class);
        None when only classes enclose (a method of a class walked on its own)."""
        scope: Scope | None = self
        while scope is not None and isinstance(scope.node, ast.ClassDef):
            scope = scope.parent
        return scope
