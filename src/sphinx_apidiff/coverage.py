"""Coverage of a module by the project's comparison pages: the "not implemented" list, generated.

For each public callable of a module: it has a comparison page, or a same-named counterpart in
the other module but no page yet, or no counterpart at all. Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Iterable
from dataclasses import dataclass

from .api import ApiDiffError
from .introspect import resolve
from .introspect.resolve import describe

__all__ = ["STATUSES", "CoverageRow", "coverage", "public_callables"]

#: The three answers, in the order a table lists them.
STATUSES = ("page", "counterpart", "missing")


@dataclass(frozen=True)
class CoverageRow:
    """One public callable of the covered module."""

    name: str
    #: ``module.name``
    path: str
    #: One of :data:`STATUSES`.
    status: str
    #: The same-named callable of the other module, when there is one.
    counterpart: str | None = None
    #: The compared path that covers it (``path`` itself, or an alias of the same object).
    compared_as: str | None = None


def _module(path: str) -> types.ModuleType:
    try:
        module = importlib.import_module(path)
    except Exception as exc:
        raise ApiDiffError(f"cannot import module {path!r}: {describe(exc)}") from None
    return module


def public_callables(module_path: str) -> dict[str, object]:
    """``{name: object}`` of the module's public callables, sorted by name.

    Public: listed in ``__all__`` when the module has one, else not starting with ``_``.
    Callable: functions, classes, any object with ``__call__``; submodules are not.
    Raises :class:`ApiDiffError` when the module cannot be imported.
    """
    module = _module(module_path)
    names = getattr(module, "__all__", None)
    if names is None or not all(isinstance(n, str) for n in names):
        names = [n for n in vars(module) if not n.startswith("_")]
    found: dict[str, object] = {}
    for name in sorted(set(names)):
        try:
            obj = getattr(module, name)
        except Exception:  # an __all__ naming what is not there, a lazy attribute that fails
            continue
        if callable(obj) and not isinstance(obj, types.ModuleType):
            found[name] = obj
    return found


def _identities(compared: Iterable[str]) -> dict[int, str]:
    """``id(object) -> path`` for the compared paths that resolve (aliases cover each other)."""
    out: dict[int, str] = {}
    for path in sorted(set(compared)):
        try:
            obj, _owner, _module_name = resolve(path)
        except Exception:  # a page comparing what is not installed covers nothing here
            continue
        out.setdefault(id(obj), path)
    return out


def coverage(left_module: str, right_module: str, compared: Iterable[str]) -> list[CoverageRow]:
    """How ``left_module``'s public callables are covered, given every path some page compares.

    A callable has a page when its dotted path, or another path naming the same object
    (``torch.nn.modules.conv.Conv2d`` for ``torch.nn.Conv2d``), is one side of a comparison.
    Raises :class:`ApiDiffError` when a module cannot be imported.
    """
    compared = set(compared)
    left = public_callables(left_module)
    right = public_callables(right_module)
    identities = _identities(compared)
    rows = []
    for name, obj in left.items():
        path = f"{left_module}.{name}"
        counterpart = f"{right_module}.{name}" if name in right else None
        covered = path if path in compared else identities.get(id(obj))
        if covered is not None:
            status = "page"
        elif counterpart is not None:
            status = "counterpart"
        else:
            status = "missing"
        rows.append(CoverageRow(name, path, status, counterpart, covered))
    return rows
