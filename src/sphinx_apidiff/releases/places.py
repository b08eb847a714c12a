"""What makes a module of a release no place to send a reader to, read from the release's
own source: the release **deprecates** it (importing it issues a ``DeprecationWarning``, or
its ``__getattr__`` issues one for every name it serves, itself or through a helper it
calls: NumPy 2's ``numpy.core``), or it is a **script** (it runs under
``if __name__ == "__main__":`` and declares no ``__all__``: NumPy's
``numpy.testing.print_coercion_tables``).

Read with :mod:`ast` from the files griffe found; nothing is imported. Pure Python: no
docutils, no Sphinx.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from .deprecations import definition, parsed_file, top_statements, warning_text

__all__ = ["is_script", "module_deprecation"]

#: How many calls deep a warning is followed from ``__getattr__`` (``numpy.core``'s calls a
#: helper, ``_raise_warning``, that warns).
HELPER_DEPTH = 2

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Match)


@functools.lru_cache(maxsize=512)
def _source(filename: str) -> str:
    try:
        return Path(filename).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _tree(module, *needles: str) -> ast.Module | None:
    """The module's ``.py`` parsed, when its text holds one of ``needles`` (most modules
    hold none of what is looked for: not parsed)."""
    filename = getattr(module, "filepath", None)
    if not isinstance(filename, Path) or filename.suffix != ".py":
        return None
    text = _source(str(filename))
    if not any(needle in text for needle in needles):
        return None
    return parsed_file(str(filename))


def _main_guard(stmt: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` (either way round)."""
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    test = stmt.test
    if len(test.comparators) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = (test.left, test.comparators[0])
    names = {s.id for s in sides if isinstance(s, ast.Name)}
    texts = {s.value for s in sides if isinstance(s, ast.Constant)}
    return names == {"__name__"} and texts == {"__main__"}


def _binds_all(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, ast.AugAssign | ast.AnnAssign):
        targets = [stmt.target]
    else:
        return False
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)


def is_script(module) -> bool:
    """Whether griffe module ``module`` is a script: it runs under
    ``if __name__ == "__main__":`` and says nothing it exports (no ``__all__``). A module
    that sets ``__all__`` is an API that also runs (``http.server``)."""
    tree = _tree(module, "__main__")
    if tree is None:
        return False
    statements = top_statements(tree.body)
    return any(_main_guard(s) for s in statements) and not any(_binds_all(s) for s in statements)


def _at_import(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements that may run when the module is imported: into ``if``/``try``
    bodies, not into definitions, nor under ``if __name__ == "__main__":``."""
    found: list[ast.stmt] = []
    for stmt in body:
        if _main_guard(stmt) or isinstance(stmt, _DEFINITIONS):
            continue
        if isinstance(stmt, ast.If):
            found += _at_import(stmt.body) + _at_import(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for part in (stmt.body, stmt.orelse, stmt.finalbody, *(h.body for h in stmt.handlers)):
                found += _at_import(part)
        else:
            found.append(stmt)
    return found


def _every_call(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a function that run on every call, up to the first ``return`` or
    ``raise`` among them: into ``try``/``with`` bodies, not into a branch or a loop."""
    found: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, ast.Try):
            found += _every_call(stmt.body) + _every_call(stmt.finalbody)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            found += _every_call(stmt.body)
        elif not isinstance(stmt, _BRANCHES + _DEFINITIONS):
            found.append(stmt)
        if isinstance(stmt, ast.Return | ast.Raise):
            break
    return found


def _imports_in(func: ast.AST, module) -> dict[str, str]:
    """``{name: dotted path}`` of what ``func`` imports itself (``from ._utils import
    helper`` in ``pkg.sub.mod``: ``helper`` -> ``pkg.sub._utils.helper``)."""
    found: dict[str, str] = {}
    package = str(module.path) if module.is_init_module else str(module.path).rpartition(".")[0]
    for node in ast.walk(func):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = package
        for _ in range(max(node.level - 1, 0)):
            base = base.rpartition(".")[0]
        if node.level == 0:
            base = node.module or ""
        elif node.module:
            base = f"{base}.{node.module}"
        for alias in node.names:
            found[alias.asname or alias.name] = f"{base}.{alias.name}"
    return found


def _function(name: str, imports: dict[str, str], module):
    """``(def statement, its griffe module)`` of the function ``name`` as ``module`` (or a
    function of it importing it) sees it; None when the source does not say."""
    try:
        if name in imports:
            obj = module.modules_collection.get_member(imports[name])
        else:
            obj = module.members.get(name)
        if obj is not None and obj.is_alias:
            obj = obj.final_target
    except Exception:  # griffe cannot follow it (another package, a cycle)
        return None
    if obj is None or not obj.is_function:
        return None
    node = definition(obj)
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    return node, obj.module


def _warns_on_every_call(func: ast.FunctionDef | ast.AsyncFunctionDef, module, depth: int) -> bool:
    """Whether every call of ``func`` issues a deprecation warning, itself or through a
    function it calls on every call (``depth`` calls deep)."""
    imports = _imports_in(func, module)
    for stmt in _every_call(func.body):
        for node in ast.walk(stmt):
            if warning_text(node):
                return True
            if depth and isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                helper = _function(node.func.id, imports, module)
                if helper is not None and _warns_on_every_call(*helper, depth - 1):
                    return True
    return False


def module_deprecation(module) -> str | None:
    """Where griffe module ``module``'s source says the release deprecates it (for a
    reader: ``a deprecation warning when numpy.distutils is imported``), None if it does
    not: a deprecation warning its body issues on import, or one its ``__getattr__``
    issues for every name. A ``__getattr__`` that warns for some names only (NumPy 2's
    ``numpy`` for ``chararray``) deprecates those names, not the module."""
    tree = _tree(module, "__getattr__", "DeprecationWarning", "FutureWarning")
    if tree is None:
        return None
    for stmt in _at_import(tree.body):
        if any(warning_text(node) for node in ast.walk(stmt)):
            return f"a deprecation warning when {module.path} is imported"
    getattrs = [
        s
        for s in top_statements(tree.body)
        if isinstance(s, ast.FunctionDef) and s.name == "__getattr__"
    ]
    if any(_warns_on_every_call(func, module, HELPER_DEPTH) for func in getattrs):
        return f"a deprecation warning for every name in {module.path}.__getattr__"
    return None
