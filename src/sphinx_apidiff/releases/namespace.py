"""What a module's ``.py`` binds when it is imported, read with :mod:`ast`: its imports
(``from .core import *`` expanded with ``core``'s ``__all__``), definitions and assignments.

griffe merges a ``.pyi`` stub into its module, and the stub decides what the module holds; a
stub that leaves out deprecated names (NumPy 1.26's ``alltrue``, ``round_``) or declares a bare
``__all__: list[str]`` hides names the release still has at run time. An overview lists what a
user's code can reach, so the names the source binds are added to griffe's.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .deprecations import parsed_file, top_statements

__all__ = ["Namespace"]


class Namespace:
    """The names modules of one package bind, by module path; memoised per module."""

    def __init__(self, collection, package: str) -> None:
        self.collection = collection
        self.package = package
        self._bound: dict[str, dict[str, str]] = {}
        self._exports: dict[str, list[str] | None] = {}
        self._busy: set[str] = set()

    def _module(self, path: str):
        try:
            found = self.collection.get_member(path)
        except Exception:
            return None
        if found is None or getattr(found, "is_alias", False) or not found.is_module:
            return None
        return found

    def _tree(self, module) -> ast.Module | None:
        filename = getattr(module, "filepath", None)
        if not isinstance(filename, Path) or filename.suffix != ".py":
            return None
        return parsed_file(str(filename))

    @staticmethod
    def _base(module, level: int) -> str:
        """The package a relative import of ``level`` starts from."""
        is_package = getattr(module, "filepath", None) is not None and (
            Path(module.filepath).stem == "__init__"
        )
        base = module.path if is_package else module.path.rpartition(".")[0]
        for _ in range(level - 1):
            base = base.rpartition(".")[0]
        return base

    def bound(self, path: str) -> dict[str, str]:
        """``{name: the dotted path it names}`` for what module ``path`` binds (empty when
        it has no ``.py`` source here)."""
        if path in self._bound:
            return self._bound[path]
        module = self._module(path)
        tree = self._tree(module) if module is not None else None
        if tree is None or path in self._busy:
            return {}
        self._busy.add(path)
        names: dict[str, str] = {}
        try:
            for stmt in top_statements(tree.body):
                self._bind(module, stmt, names)
        finally:
            self._busy.discard(path)
        self._bound[path] = names
        return names

    def _bind(self, module, stmt: ast.stmt, names: dict[str, str]) -> None:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    head = alias.name.split(".", 1)[0]
                    names[head] = head
        elif isinstance(stmt, ast.ImportFrom):
            source = stmt.module or ""
            if stmt.level:
                base = self._base(module, stmt.level)
                source = f"{base}.{source}" if source else base
            for alias in stmt.names:
                if alias.name == "*":
                    for name in self.exports(source) or []:
                        names[name] = f"{source}.{name}"
                else:
                    names[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[stmt.name] = f"{module.path}.{stmt.name}"
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if isinstance(target, ast.Name) and (
                    isinstance(stmt, ast.Assign) or stmt.value is not None
                ):
                    names[target.id] = f"{module.path}.{target.id}"
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    names.pop(target.id, None)

    def resolve(self, path: str):
        """The griffe object ``path`` names, following what the sources bind where griffe's
        view lacks a name (``numpy.core.alltrue`` is ``numpy.core.fromnumeric.alltrue``)."""
        for _ in range(12):
            try:
                found = self.collection.get_member(path)
            except Exception:
                found = None
            if found is not None:
                return found
            owner, _, name = path.rpartition(".")
            target = self.bound(owner).get(name) if owner else None
            if not target or target == path:
                return None
            path = target
        return None

    def exports(self, path: str) -> list[str] | None:
        """Module ``path``'s ``__all__`` as its source builds it (a literal, ``+=``,
        ``.extend``, ``.append``, ``.remove``, another module's ``__all__``); its public
        bound names when it sets none; None when it has no ``.py`` source here."""
        if path in self._exports:
            return self._exports[path]
        module = self._module(path)
        tree = self._tree(module) if module is not None else None
        if tree is None or path in self._busy:
            return None
        bound = self.bound(path)
        exported: list[str] | None = None
        extenders = _extenders(tree)
        for stmt in top_statements(tree.body):
            if (  # ``extend_all(fromnumeric)``: a helper that adds a module's ``__all__``
                exported is not None
                and isinstance(stmt, ast.Expr)
                and isinstance(stmt.value, ast.Call)
                and isinstance(stmt.value.func, ast.Name)
                and stmt.value.func.id in extenders
                and len(stmt.value.args) == 1
                and isinstance(stmt.value.args[0], ast.Name)
            ):
                name = stmt.value.args[0].id
                more = self.exports(bound.get(name) or f"{self._base(module, 1)}.{name}")
                exported += [n for n in more or [] if n not in exported]
                continue
            if isinstance(stmt, ast.Assign | ast.AugAssign):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                    value = self._names(module, bound, stmt.value)
                    if value is not None:
                        if isinstance(stmt, ast.AugAssign):
                            exported = (exported or []) + value
                        else:
                            exported = value
            elif (
                isinstance(stmt, ast.Expr)
                and isinstance(stmt.value, ast.Call)
                and isinstance(stmt.value.func, ast.Attribute)
                and isinstance(stmt.value.func.value, ast.Name)
                and stmt.value.func.value.id == "__all__"
                and stmt.value.args
                and exported is not None
            ):
                method, arg = stmt.value.func.attr, stmt.value.args[0]
                if method == "extend":
                    exported += self._names(module, bound, arg) or []
                elif method == "append" and isinstance(arg, ast.Constant):
                    exported.append(str(arg.value))
                elif method == "remove" and isinstance(arg, ast.Constant):
                    exported = [n for n in exported if n != arg.value]
        if exported is None:
            exported = [n for n in bound if not n.startswith("_")]
        self._exports[path] = list(dict.fromkeys(exported))
        return self._exports[path]

    def _names(self, module, bound: dict[str, str], node: ast.AST) -> list[str] | None:
        """The names an ``__all__`` expression lists, where the source says them."""
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            return [i for i in items if isinstance(i, str)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.BitOr):
            left = self._names(module, bound, node.left)
            right = self._names(module, bound, node.right)
            return None if left is None and right is None else (left or []) + (right or [])
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.args
            and node.func.id in ("list", "sorted", "tuple", "set")
        ):
            return self._names(module, bound, node.args[0])
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "__all__"
            and isinstance(node.value, ast.Name)
        ):
            name = node.value.id
            target = bound.get(name) or f"{self._base(module, 1)}.{name}"
            return self.exports(target)
        return None


def _extenders(tree: ast.Module) -> set[str]:
    """The module's functions of one parameter that add to its ``__all__``
    (``__all__.append(...)`` or ``__all__.extend(...)`` in their body)."""
    found: set[str] = set()
    for stmt in tree.body:
        if not isinstance(stmt, ast.FunctionDef) or len(stmt.args.args) != 1:
            continue
        for node in ast.walk(stmt):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("append", "extend")
                and isinstance(node.value, ast.Name)
                and node.value.id == "__all__"
            ):
                found.add(stmt.name)
                break
    return found
