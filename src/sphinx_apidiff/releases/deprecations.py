"""What a release's source says of a name going away: the text of a ``DeprecationWarning`` (or
``FutureWarning``) a callable raises, or of a ``@deprecated("...")`` decorator, and the tables
of names a module's ``__getattr__`` consults (NumPy 2's ``__expired_attributes__``: name ->
migration note).

Read with :mod:`ast` from the files griffe found; nothing is imported. Pure Python: no docutils,
no Sphinx.
"""

from __future__ import annotations

import ast
import functools
import textwrap
from pathlib import Path

__all__ = [
    "callable_warning",
    "definition",
    "getattr_tables",
    "parsed_file",
    "top_statements",
    "warning_text",
]

_CATEGORIES = ("DeprecationWarning", "FutureWarning", "PendingDeprecationWarning")


@functools.lru_cache(maxsize=2048)
def _parsed(filename: str) -> ast.Module | None:
    try:
        return ast.parse(Path(filename).read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return None


@functools.lru_cache(maxsize=512)
def _lines(filename: str) -> tuple[str, ...]:
    try:
        return tuple(Path(filename).read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def _text(node: ast.AST | None) -> str | None:
    """The message a node spells, as far as the source says it: ``{expr}`` stands for what
    an f-string fills in; a tuple's last text item (``(value, "message")``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append("{" + ast.unparse(value.value) + "}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return left + right if left is not None and right is not None else left or right
    if isinstance(node, ast.Tuple):
        texts = [t for t in (_text(e) for e in node.elts) if t]
        return texts[-1] if texts else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return _text(node.func.value)
    return None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call):
        return _name(node.func)
    return ""


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    words = " ".join(text.split())
    return words or None


def warning_text(node: ast.AST) -> str | None:
    """The message of ``node`` when it is a ``warnings.warn(TEXT, DeprecationWarning)`` call
    (or ``FutureWarning``, ``PendingDeprecationWarning``), else None."""
    if not isinstance(node, ast.Call) or not _name(node.func).endswith("warn"):
        return None
    category = node.args[1] if len(node.args) > 1 else None
    for kw in node.keywords:
        if kw.arg == "category":
            category = kw.value
    if category is None or _name(category) not in _CATEGORIES or not node.args:
        return None
    return _clean(_text(node.args[0]))


def _warning_in(tree: ast.AST) -> str | None:
    for node in ast.walk(tree):
        text = warning_text(node)
        if text:
            return text
    return None


def _decorated(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> str | None:
    for deco in node.decorator_list:
        if isinstance(deco, ast.Call) and _name(deco.func).lower().startswith("deprecat"):
            for arg in [*deco.args, *(k.value for k in deco.keywords if k.arg == "message")]:
                text = _clean(_text(arg))
                if text:
                    return text
    return None


def definition(obj) -> ast.AST | None:
    """The ``def``/``class`` statement of griffe object ``obj`` as its ``.py`` spells it
    (decorators included); None when the source does not say it."""
    filename = getattr(obj, "filepath", None)
    start, end = getattr(obj, "lineno", None), getattr(obj, "endlineno", None)
    if not isinstance(filename, Path) or filename.suffix != ".py" or not start or not end:
        return None
    all_lines = _lines(str(filename))
    if end > len(all_lines) or start > end:
        return None  # the lines griffe found are in another file (a stub merged in)
    # decorators start above ``def``: griffe's lineno is the ``def`` line on 3.8+
    above = start - 1
    while above > 0 and all_lines[above - 1].lstrip().startswith("@"):
        above -= 1
    lines = all_lines[above:end]
    try:
        tree = ast.parse(textwrap.dedent("\n".join(lines)))
    except (SyntaxError, ValueError):
        return None
    return tree.body[0] if tree.body else None


def callable_warning(obj) -> str | None:
    """The deprecation message griffe object ``obj`` (a function or class) states in its
    source: a ``@deprecated(...)`` decorator's text or a ``warnings.warn(TEXT,
    DeprecationWarning)`` in its body (a class's ``__init__``/``__new__``); None if none."""
    node = definition(obj)
    if node is None:
        return None
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        said = _decorated(node)
        if said:
            return said
    if isinstance(node, ast.ClassDef):
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and item.name in ("__init__", "__new__"):
                said = _decorated(item) or _warning_in(item)
                if said:
                    return said
        return None
    return _warning_in(node)


def top_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """A module's statements, into ``if``/``try``/``else`` bodies (not into defs)."""
    found: list[ast.stmt] = []
    for stmt in body:
        found.append(stmt)
        if isinstance(stmt, ast.If):
            found += top_statements(stmt.body) + top_statements(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for part in (stmt.body, stmt.orelse, stmt.finalbody, *(h.body for h in stmt.handlers)):
                found += top_statements(part)
    return found


def _consulted(func: ast.FunctionDef) -> list[str]:
    """The names ``__getattr__(attr)`` looks ``attr`` up in (``attr in T``, ``T[attr]``,
    ``T.get(attr)``), in order of appearance."""
    if not func.args.args:
        return []
    arg = func.args.args[0].arg
    names: list[str] = []

    def is_arg(node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id == arg

    for node in ast.walk(func):
        table = None
        if isinstance(node, ast.Compare) and is_arg(node.left):
            if isinstance(node.ops[0], ast.In | ast.NotIn):
                table = node.comparators[0]
        elif isinstance(node, ast.Subscript) and is_arg(node.slice):
            table = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and is_arg(node.args[0])
        ):
            table = node.func.value
        if isinstance(table, ast.Name) and table.id not in names:
            names.append(table.id)
    return names


def _table(statements: list[ast.stmt], name: str) -> dict[str, str]:
    """``{key: message}`` of the dict ``name`` as these statements build it (a literal,
    ``.update({...})``, ``name[key] = value``)."""
    table: dict[str, str] = {}

    def add(node: ast.AST) -> None:
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=False):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    text = _clean(_text(value))
                    if text:
                        table[key.value] = text

    for stmt in statements:
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name and stmt.value:
                    add(stmt.value)
                elif (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == name
                    and isinstance(target.slice, ast.Constant)
                    and isinstance(target.slice.value, str)
                ):
                    text = _clean(_text(stmt.value))
                    if text:
                        table[target.slice.value] = text
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            if (
                isinstance(call.func, ast.Attribute)
                and call.func.attr == "update"
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == name
                and call.args
            ):
                add(call.args[0])
    return table


def getattr_tables(module) -> dict[str, tuple[str, str]]:
    """``{name: (message, where)}`` from the tables the griffe module's ``__getattr__``
    consults (``where``: ``numpy._expired_attrs_2_0.__expired_attributes__``); the first
    table that names a key wins. Empty when the module has no ``__getattr__`` in source."""
    filename = getattr(module, "filepath", None)
    if not isinstance(filename, Path) or filename.suffix != ".py":
        return {}
    tree = _parsed(str(filename))
    if tree is None:
        return {}
    statements = top_statements(tree.body)
    getattrs = [s for s in statements if isinstance(s, ast.FunctionDef) and s.name == "__getattr__"]
    found: dict[str, tuple[str, str]] = {}
    for func in getattrs:
        for name in _consulted(func):
            table, where = _table(statements, name), f"{module.path}.{name}"
            if not table:
                table, where = _imported_table(module, name)
            for key, text in table.items():
                found.setdefault(key, (text, where))
    return found


def _imported_table(module, name: str) -> tuple[dict[str, str], str]:
    """The table ``name`` when the module imports it (``from ._expired import TABLE``)."""
    target = (getattr(module, "imports", None) or {}).get(name)
    if not target or "." not in target:
        return {}, ""
    owner_path, _, attr = target.rpartition(".")
    try:
        owner = module.modules_collection.get_member(owner_path)
    except Exception:
        return {}, ""
    filename = getattr(owner, "filepath", None)
    if not isinstance(filename, Path) or filename.suffix != ".py":
        return {}, ""
    tree = _parsed(str(filename))
    if tree is None:
        return {}, ""
    return _table(top_statements(tree.body), attr), target


#: A file's module, parsed once (shared with :mod:`.namespace`).
parsed_file = _parsed
