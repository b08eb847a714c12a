"""The author's options of a comparison: the rename map, the ignore list and the type names that
stand for one type.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..api import ApiDiffError
from ..signature import TypeEquivalents

__all__ = [
    "Renames",
    "TypeEquivalents",
    "parse_ignore",
    "parse_rename",
    "parse_type_equivalents",
    "private_names",
    "project_renames",
]


@dataclass(frozen=True)
class Renames:
    """The author's rename map. ``None`` on one side: no counterpart, on purpose."""

    pairs: tuple[tuple[str | None, str | None], ...] = ()

    def left_to_right(self) -> dict[str, str]:
        return {lft: rgt for lft, rgt in self.pairs if lft and rgt}

    def alone_left(self) -> set[str]:
        return {lft for lft, rgt in self.pairs if lft and not rgt}

    def alone_right(self) -> set[str]:
        return {rgt for lft, rgt in self.pairs if rgt and not lft}


def _items(spec: str | Iterable[str] | None) -> list[str]:
    if spec is None:
        return []
    if isinstance(spec, str):
        spec = [spec]
    out: list[str] = []
    for item in spec:
        out.extend(part.strip() for part in str(item).split(","))
    return [part for part in out if part]


def _check_name(name: str, what: str) -> str:
    if not name.isidentifier():
        raise ApiDiffError(f"{what}: {name!r} is not a parameter name")
    return name


def parse_rename(spec: str | Iterable[str] | Mapping[str, str | None] | Renames | None) -> Renames:
    """``"a=b, c="``, ``["a=b", "c="]`` or ``{"a": "b", "c": None}`` -> :class:`Renames`."""
    if isinstance(spec, Renames):
        return spec
    pairs: list[tuple[str | None, str | None]] = []
    if isinstance(spec, Mapping):
        items = [(k, v) for k, v in spec.items()]
    else:
        items = []
        for item in _items(spec):
            if "=" not in item:
                raise ApiDiffError(f"rename {item!r}: expected left=right (or left= / =right)")
            lft, _, rgt = item.partition("=")
            items.append((lft.strip(), rgt.strip()))
    seen_left: set[str] = set()
    seen_right: set[str] = set()
    for lft, rgt in items:
        what = f"rename {(lft or '') + '=' + (rgt or '')!r}"
        lft = _check_name(lft, what) if lft else None
        rgt = _check_name(rgt, what) if rgt else None
        if lft is None and rgt is None:
            raise ApiDiffError("rename '=': name a parameter on at least one side")
        if (lft and lft in seen_left) or (rgt and rgt in seen_right):
            raise ApiDiffError(f"rename names {lft or rgt!r} twice")
        seen_left.add(lft or "")
        seen_right.add(rgt or "")
        pairs.append((lft, rgt))
    return Renames(tuple(pairs))


def project_renames(
    own: Renames, table: Mapping[str, str], left: Iterable[str], right: Iterable[str]
) -> Renames:
    """``own`` plus the project table's pairs that apply here (``own`` wins for its names).

    A table entry ``a: b`` applies where the left side has ``a`` and the right ``b``, or the
    left ``b`` and the right ``a``.
    """
    lnames, rnames = set(left), set(right)
    mentioned = {name for pair in own.pairs for name in pair if name}
    pairs = list(own.pairs)
    for a, b in parse_rename(dict(table)).pairs:
        for lname, rname in ((a, b), (b, a)):
            if lname in lnames and rname in rnames and not {lname, rname} & mentioned:
                pairs.append((lname, rname))
                mentioned |= {lname, rname}
    return Renames(tuple(pairs))


def parse_ignore(spec: str | Iterable[str] | None) -> frozenset[str]:
    """``"device, dtype"`` or ``["device", "dtype"]`` -> names left out of the comparison."""
    return frozenset(_check_name(name, "ignore") for name in _items(spec))


def private_names(names: Iterable[str], renames: Renames) -> frozenset[str]:
    """The private parameters among ``names`` (a leading underscore, Python's convention for
    "not part of the API": torch's ``_stacklevel``), but those the author's renames mention."""
    mentioned = {name for pair in renames.pairs for name in pair if name}
    return frozenset(n for n in names if n.startswith("_") and n not in mentioned)


_DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def parse_type_equivalents(
    spec: TypeEquivalents | Iterable[str | Iterable[str]] | None,
) -> TypeEquivalents:
    """Groups of type names that are one type -> :class:`TypeEquivalents`.

    Each group is a list of dotted names (``["torch.Tensor", "paddle.Tensor"]``) or one string
    of them separated by commas (``"torch.Tensor, paddle.Tensor"``, what the command line
    takes); groups that share a name are one group. :class:`ApiDiffError` says which item is
    wrong.
    """
    if spec is None or isinstance(spec, TypeEquivalents):
        return spec or TypeEquivalents()
    if isinstance(spec, str | Mapping):
        raise ApiDiffError(
            "type equivalents: expected a list of groups of type names, "
            'e.g. [["torch.Tensor", "paddle.Tensor"]]'
        )
    groups: list[list[str]] = []
    for group in spec:
        names = _items(group) if isinstance(group, str) else [str(n).strip() for n in group]
        shown = ", ".join(names)
        for name in names:
            if not _DOTTED_NAME.fullmatch(name):
                raise ApiDiffError(f"type equivalents [{shown}]: {name!r} is not a type name")
        if len(set(names)) < 2:
            raise ApiDiffError(f"type equivalents [{shown}]: a group names two types or more")
        groups.append(names)
    return TypeEquivalents(groups)
