"""Type aliases in a live reading's string annotations: ``kernel_size: Size2`` is ``Union[int,
Tuple[int, int], List[int]]``.

A module written with ``from __future__ import annotations`` keeps its annotations as text; the
names in them are often imported only for type checkers (``if TYPE_CHECKING: from
paddle._typing import Size2``), so they are not in the module's namespace. A name is looked up
in the module's namespace, else among the module's own ``from ... import`` statements, importing
only modules of the same top-level package (which is already imported); nothing is evaluated.
A name that is an alias (``Union[...]``, ``list[int]``, ``int | None``) is replaced by its value
as the live reading writes values; a class imported under another name by its own name; any
other name stays as written.
"""

from __future__ import annotations

import ast
import collections
import dataclasses
import functools
import importlib
import inspect
import sys
import types
import typing
from collections.abc import Iterator

from ..api import Api
from ..signature import Signature
from ..signature.aliases import Alias, Lookup, expand_aliases
from .disk_cache import cached
from .runtime import format_annotation

__all__ = ["expand_live_aliases", "parse_imports_for"]

_MISSING = object()
_NO_NAMES: Lookup = lambda _name: None  # noqa: E731
_ALIAS_TYPES = (types.GenericAlias, types.UnionType, typing._GenericAlias)  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=256)
def _imported_names(module_name: str, module_id: int) -> dict[str, tuple[str, str]]:
    """``{local name: (module, attribute)}`` of the module's ``from X import Y`` statements,
    wherever they are (under ``if TYPE_CHECKING:`` too); ``module_id`` tells a module made
    again from the one read before."""
    module = sys.modules.get(module_name)
    try:
        source_file = inspect.getsourcefile(module)  # type: ignore[arg-type]
    except TypeError:
        source_file = None
    is_package = hasattr(module, "__path__")
    if not source_file:
        return _import_table(module, module_name, is_package)
    return cached(
        "import-table",
        [source_file],
        (module_name, is_package),
        lambda: _import_table(module, module_name, is_package),
    )


def _import_table(
    module: types.ModuleType | None, module_name: str, is_package: bool
) -> dict[str, tuple[str, str]]:
    try:
        tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    except (OSError, TypeError, SyntaxError, ValueError):
        return {}
    package = module_name if is_package else module_name.rpartition(".")[0]
    names: dict[str, tuple[str, str]] = {}
    for node in _import_statements(tree.body):
        base = node.module or ""
        if node.level:
            parts = package.split(".")
            keep = len(parts) - (node.level - 1)
            if keep <= 0:
                continue
            base = ".".join(parts[:keep]) + (f".{base}" if base else "")
        for alias in node.names:
            if alias.name != "*":
                names.setdefault(alias.asname or alias.name, (base, alias.name))
    return names


#: The fields of a node that hold statements (``if``/``try``/``with``/``def``/``match``...).
_BLOCKS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})


def _import_statements(body: list[ast.stmt]) -> Iterator[ast.ImportFrom]:
    """The ``from ... import`` statements of ``body`` and of every block nested in it, in the
    order :func:`ast.walk` meets them (breadth first), visiting statements only: an import is
    never inside an expression, and a module's expressions, most of its nodes, cost a large
    build seconds to walk."""
    queue = collections.deque(body)
    while queue:
        node = queue.popleft()
        if isinstance(node, ast.ImportFrom):
            yield node
            continue
        for name in node._fields:
            if name in _BLOCKS:
                queue.extend(getattr(node, name) or ())


def _value_of(name: str, module_name: str) -> object:
    """What ``name`` (dotted) is in the module, or ``_MISSING``."""
    module = sys.modules.get(module_name)
    head, _, rest = name.partition(".")
    missing = _MISSING
    value = getattr(module, head, missing) if module is not None else missing
    if value is missing:
        source = _imported_names(module_name, id(module)).get(head)
        top = module_name.partition(".")[0]
        if source is None or source[0].partition(".")[0] != top:
            return missing  # never import another package for a name
        try:
            value = getattr(importlib.import_module(source[0]), source[1], missing)
        except Exception:  # an import that fails here: the name stays as written
            return missing
    for part in rest.split(".") if rest else ():
        value = getattr(value, part, missing)
    return value


def _lookup(module_name: str) -> Lookup:
    def lookup(name: str) -> Alias | None:
        try:
            value = _value_of(name, module_name)
        except Exception:  # a module's own __getattr__ may raise anything: the name stays
            return None
        if isinstance(value, _ALIAS_TYPES):
            params = tuple(
                p.__name__ for p in getattr(value, "__parameters__", ()) if hasattr(p, "__name__")
            )
            return Alias(format_annotation(value).replace("~", ""), params, _NO_NAMES)
        if isinstance(value, type) and value.__name__ != name.rpartition(".")[2]:
            return Alias(format_annotation(value), (), _NO_NAMES)  # ``DType`` is ``torch.dtype``
        return None

    return lookup


def _modules(obj: object) -> list[str]:
    """The modules whose names an annotation of ``obj`` uses: its own, then its ``__init__``'s."""
    names = [getattr(obj, "__module__", None)]
    if isinstance(obj, type):
        init = inspect.unwrap(obj.__dict__.get("__init__", obj.__init__))  # type: ignore[misc]
        names.append(getattr(init, "__module__", None))
    return [n for n in dict.fromkeys(names) if isinstance(n, str) and n in sys.modules]


@functools.lru_cache(maxsize=4096)
def _expanded(modules: tuple[tuple[str, int], ...], text: str) -> str:
    """``text`` with the aliases of ``modules`` (names, with the module object's id so that a
    module made again is read again) expanded."""
    lookups = [_lookup(name) for name, _id in modules]

    def lookup(name: str) -> Alias | None:
        return next((found for look in lookups if (found := look(name)) is not None), None)

    return expand_aliases(text, lookup)


def _has_text_annotations(obj: object) -> bool:
    """Whether ``obj`` (a class: its ``__init__``) has an annotation kept as text."""
    target = obj.__dict__.get("__init__") if isinstance(obj, type) else obj
    try:
        annotations = getattr(inspect.unwrap(target), "__annotations__", None)  # type: ignore[arg-type]
    except Exception:  # a callable whose attributes raise: nothing to parse ahead
        return False
    return isinstance(annotations, dict) and any(isinstance(v, str) for v in annotations.values())


def parse_imports_for(obj: object) -> int:
    """Parse, into the per-module cache, the ``from ... import`` statements of the modules
    whose names the text annotations of ``obj`` may use (before a parallel build forks, so
    that its workers do not each parse a module of thousands of lines again). Returns how
    many modules."""
    if not _has_text_annotations(obj):
        return 0
    modules = _modules(obj)
    for name in modules:
        _imported_names(name, id(sys.modules[name]))
    return len(modules)


def expand_live_aliases(api: Api, obj: object) -> Api:
    """``api`` with the aliases in its annotations expanded (the same ``api`` if none is)."""
    modules = tuple((m, id(sys.modules[m])) for m in _modules(obj))
    if not modules:
        return api

    def expand(text: str | None) -> str | None:
        return _expanded(modules, text) if text else text

    overloads = tuple(
        Signature(
            tuple(dataclasses.replace(p, annotation=expand(p.annotation)) for p in sig.parameters),
            expand(sig.return_annotation),
            sig.notes,
        )
        for sig in api.overloads
    )
    if overloads == api.overloads:
        return api
    return dataclasses.replace(api, overloads=overloads)
