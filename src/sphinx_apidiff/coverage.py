"""Coverage of a module by the project's comparison pages: the "not implemented" list, generated.

For each public callable of a module: it has a comparison page, or a counterpart of the same
name (or the same in another case: ``Conv2d`` and ``Conv2D``) in the other module but no page
yet, or no counterpart at all. A module is imported as the comparisons import theirs (an import that
raises, even ``SystemExit``, is a one-line error), and read from its source instead when its
import fails or its package is one never to import (``apidiff_static``). Pure Python: no
docutils, no Sphinx.
"""

from __future__ import annotations

import types
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace

from .api import ApiDiffError, in_packages
from .coverage_notes import CoverageNote
from .introspect import resolve
from .introspect.resolve import ImportFailed
from .introspect.static import NoSource, static_callables, static_target

__all__ = [
    "STATUSES",
    "CoverageRow",
    "ModuleCallables",
    "coverage",
    "coverage_of",
    "public_callables",
    "read_module",
    "unmatched_notes",
]

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
    #: The callable of the other module with the same name, else one of the same kind whose
    #: name differs only in case (``Conv2D`` for ``Conv2d``), when there is one.
    counterpart: str | None = None
    #: The compared path that covers it (``path`` itself, or an alias of the same object).
    compared_as: str | None = None
    #: What the pages compare it with (the other side of each of its comparisons), sorted;
    #: for a page with one side, the replacements it names.
    compared_with: tuple[str, ...] = ()
    #: The status its page with one side states (``missing``, ``removable``, ``composite``),
    #: when that is its page.
    page_status: str | None = None
    #: What the project's coverage notes say of it (a counterpart under another name, an
    #: alias, a reason), when they name it.
    note: CoverageNote | None = None


@dataclass(frozen=True)
class ModuleCallables:
    """A module's public callables: ``{name: identity}``, where two names of the same object
    have the same identity; which of them are classes; and whether the module was read from
    its source (not imported)."""

    path: str
    callables: Mapping[str, Hashable]
    classes: frozenset[str] = frozenset()
    from_source: bool = False


def _import_module(path: str) -> types.ModuleType:
    """The module at ``path``, imported as a comparison's side is (:func:`resolve`)."""
    module, _owner, _name = resolve(path)
    if not isinstance(module, types.ModuleType):
        raise ApiDiffError(f"{path!r} is not a module (it is a {type(module).__name__})")
    return module


def _runtime_callables(module: types.ModuleType) -> dict[str, object]:
    names = getattr(module, "__all__", None)
    if names is None or not all(isinstance(n, str) for n in names):
        names = [n for n in vars(module) if not n.startswith("_")]
    found: dict[str, object] = {}
    for name in sorted(set(names)):
        try:
            obj = getattr(module, name)
        except (Exception, SystemExit):  # an __all__ naming what is not there, a lazy attribute
            continue
        if callable(obj) and not isinstance(obj, types.ModuleType):
            found[name] = obj
    return found


def public_callables(module_path: str) -> dict[str, object]:
    """``{name: object}`` of the module's public callables, sorted by name (imported).

    Public: listed in ``__all__`` when the module has one, else not starting with ``_``.
    Callable: functions, classes, any object with ``__call__``; submodules are not.
    Raises :class:`ApiDiffError` when the module cannot be imported.
    """
    return _runtime_callables(_import_module(module_path))


def read_module(path: str, static: Iterable[str] = ()) -> ModuleCallables:
    """The public callables of the module at ``path``: imported, or read from its source when
    its package is in ``static`` or its import fails (identities are then source paths, see
    :func:`~sphinx_apidiff.introspect.static.static_target`). Raises :class:`ApiDiffError`."""
    if in_packages(path, static):
        return _from_source(path)
    try:
        module = _import_module(path)
    except ImportFailed as failure:
        try:
            return _from_source(path)
        except NoSource:
            raise failure from None
        except ApiDiffError as exc:
            raise ApiDiffError(f"{failure}; reading its source instead: {exc}") from None
    found = _runtime_callables(module)
    classes = frozenset(name for name, obj in found.items() if isinstance(obj, type))
    # the objects stay alive in the module: their ids stay theirs
    return ModuleCallables(path, {name: id(obj) for name, obj in found.items()}, classes)


def _from_source(path: str) -> ModuleCallables:
    found = static_callables(path)
    classes = frozenset(name for name, (_target, is_class) in found.items() if is_class)
    return ModuleCallables(path, {n: t for n, (t, _c) in found.items()}, classes, True)


def _identity(path: str, static: Iterable[str], from_source: bool) -> Hashable | None:
    """What :func:`read_module` gives the object at ``path`` as identity, or None."""
    try:
        if from_source or in_packages(path, static):
            return static_target(path)
        obj, _owner, _module_name = resolve(path)
    except (Exception, SystemExit):  # a page comparing what is not here covers nothing here
        return None
    return id(obj)


def _counterpart(name: str, is_class: bool, right: ModuleCallables) -> str:
    """The name in ``right`` that is ``name``: the same; else, of the same kind (a class for a
    class, a function for a function: ``ReLU`` is not ``relu``), the same in another case."""
    if name in right.callables:
        return name
    folded = name.casefold()
    return next(
        (
            other
            for other in sorted(right.callables)  # the first in order wins a tie of cases
            if other.casefold() == folded and (other in right.classes) == is_class
        ),
        "",
    )


def coverage(
    left_module: str,
    right_module: str,
    compared: Iterable[tuple[str, str]],
    *,
    static: Iterable[str] = (),
) -> list[CoverageRow]:
    """How ``left_module``'s public callables are covered, given the ``(left, right)`` paths
    of every comparison of the project.

    A callable has a page when its dotted path, or another path naming the same object
    (``torch.nn.modules.conv.Conv2d`` for ``torch.nn.Conv2d``), is one side of a comparison.
    Its counterpart is the callable of ``right_module`` of the same name; when no name is
    the same, a class (or a function) whose name differs only in case (``Conv2D`` for
    ``Conv2d``). The packages in ``static`` are never imported.
    Raises :class:`ApiDiffError` when a module can be neither imported nor read.
    """
    static = tuple(static)
    left = read_module(left_module, static)
    return coverage_of(left, read_module(right_module, static), compared, static=static)


def coverage_of(
    left: ModuleCallables,
    right: ModuleCallables,
    compared: Iterable[tuple[str, str]],
    *,
    static: Iterable[str] = (),
    one_sided: Mapping[str, tuple[str, tuple[str, ...]]] | None = None,
    notes: Mapping[str, CoverageNote] | None = None,
) -> list[CoverageRow]:
    """:func:`coverage` of two modules already read (:func:`read_module`).

    ``one_sided``: the paths with a page of one side (``apidiff-one``), each with its
    status and replacements; such a page covers its path as a comparison does.
    ``notes``: the project's coverage notes by API. A callable without a page whose note
    names a counterpart has that counterpart; an alias is covered as the API it names is
    (its page, else its counterpart); a reason is carried as it is."""
    static = tuple(static)
    one_sided = one_sided or {}
    left_module, right_module = left.path, right.path
    partners: dict[str, set[str]] = {}
    for a, b in compared:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    for path, (_status, replacements) in one_sided.items():
        partners.setdefault(path, set()).update(replacements)
    identities: dict[Hashable, str] = {}
    for path in sorted(partners):
        same_package = in_packages(path, [left_module.split(".", 1)[0]])
        key = _identity(path, static, left.from_source and same_package)
        if key is not None:
            identities.setdefault(key, path)
    rows = []
    for name, key in left.callables.items():
        path = f"{left_module}.{name}"
        other = _counterpart(name, name in left.classes, right)
        counterpart = f"{right_module}.{other}" if other else None
        covered = path if path in partners else identities.get(key)
        if covered is not None:
            status = "page"
        elif counterpart is not None:
            status = "counterpart"
        else:
            status = "missing"
        with_ = tuple(sorted(partners.get(covered, ()))) if covered else ()
        stated = one_sided.get(covered, (None, ()))[0] if covered else None
        row = CoverageRow(name, path, status, counterpart, covered, with_, stated)
        rows.append(_noted(row, (notes or {}).get(path)))
    by_path = {row.path: row for row in rows}
    return [_aliased(row, by_path, partners) for row in rows]


def _noted(row: CoverageRow, note: CoverageNote | None) -> CoverageRow:
    """``row`` with its note; a counterpart it names stands when there is no page."""
    if note is None:
        return row
    if note.counterpart is not None and row.status != "page":
        return replace(row, status="counterpart", counterpart=note.counterpart, note=note)
    return replace(row, note=note)


def _aliased(
    row: CoverageRow, by_path: Mapping[str, CoverageRow], partners: Mapping[str, set[str]]
) -> CoverageRow:
    """An alias without a page of its own, covered as the API it names is."""
    if row.note is None or row.note.alias is None or row.status == "page":
        return row
    target = row.note.alias
    if target in partners:
        with_ = tuple(sorted(partners[target]))
        return replace(row, status="page", compared_as=target, compared_with=with_)
    other = by_path.get(target)
    if other is None or other.status == "missing":
        return row
    return replace(
        row,
        status=other.status,
        counterpart=other.counterpart,
        compared_as=other.compared_as,
        compared_with=other.compared_with,
        page_status=other.page_status,
    )


def unmatched_notes(left: ModuleCallables, notes: Iterable[CoverageNote]) -> list[CoverageNote]:
    """The notes that name an API of ``left``'s module that the module does not have."""
    prefix = left.path + "."
    return [
        note
        for note in notes
        if note.api.startswith(prefix)
        and "." not in note.api[len(prefix) :]
        and note.api[len(prefix) :] not in left.callables
    ]
