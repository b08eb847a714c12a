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
    """The author's rename map. ``None`` on one side: no counterpart, on purpose.

    ``groups``: several names on one side or both that are one setting on the other
    (``dim0 dim1=perm``, ``betas=beta1 beta2``): each ``(left names, right names)``, compared
    as one row.
    """

    pairs: tuple[tuple[str | None, str | None], ...] = ()
    groups: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()

    def names(self) -> set[str]:
        """Every parameter name the author mentions, in a pair or a group."""
        named = {name for pair in self.pairs for name in pair if name}
        return named | {name for group in self.groups for side in group for name in side}

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


def _side_names(text: str | Iterable[str] | None, what: str) -> tuple[str, ...]:
    """One side of a rename: ``"a"``, ``"a b"`` (a group), or a sequence of names."""
    if text is None:
        return ()
    names = text.split() if isinstance(text, str) else [str(n).strip() for n in text]
    return tuple(_check_name(name, what) for name in names if name)


def _spec_text(side: str | Iterable[str] | None) -> str:
    if side is None:
        return ""
    return " ".join(side.split() if isinstance(side, str) else map(str, side))


def parse_rename(
    spec: str | Iterable[str] | Mapping[str, str | None] | Renames | None,
) -> Renames:
    """``"a=b, c="``, ``["a=b", "c="]`` or ``{"a": "b", "c": None}`` -> :class:`Renames`.

    Names separated by spaces on one side are a group, one setting of the other side:
    ``"dim0 dim1=perm"``, ``"betas=beta1 beta2"``, ``"size_average reduce=reduction"`` (in a
    mapping, a key or value of names separated by spaces, or a tuple of names).
    """
    if isinstance(spec, Renames):
        return spec
    pairs: list[tuple[str | None, str | None]] = []
    groups: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
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
    for lft_spec, rgt_spec in items:
        what = f"rename {_spec_text(lft_spec) + '=' + _spec_text(rgt_spec)!r}"
        lnames, rnames = _side_names(lft_spec, what), _side_names(rgt_spec, what)
        if not lnames and not rnames:
            raise ApiDiffError("rename '=': name a parameter on at least one side")
        for name, seen in [(n, seen_left) for n in lnames] + [(n, seen_right) for n in rnames]:
            if name in seen:
                raise ApiDiffError(f"rename names {name!r} twice")
            seen.add(name)
        if len(lnames) > 1 or len(rnames) > 1:
            if not lnames or not rnames:
                raise ApiDiffError(
                    f"{what}: a group of names needs a counterpart on the other side "
                    "(for no counterpart, write each name alone: a=, b=)"
                )
            groups.append((lnames, rnames))
        else:
            pairs.append((lnames[0] if lnames else None, rnames[0] if rnames else None))
    return Renames(tuple(pairs), tuple(groups))


def project_renames(
    own: Renames, table: Mapping[str, str], left: Iterable[str], right: Iterable[str]
) -> Renames:
    """``own`` plus the project table's pairs that apply here (``own`` wins for its names).

    A table entry ``a: b`` applies where the left side has ``a`` and the right ``b``, or the
    left ``b`` and the right ``a``.
    """
    lnames, rnames = set(left), set(right)
    mentioned = own.names()
    pairs = list(own.pairs)
    parsed = parse_rename(dict(table))
    if parsed.groups:
        lgroup, rgroup = parsed.groups[0]
        raise ApiDiffError(
            f"{' '.join(lgroup)}={' '.join(rgroup)}: a group of names is written in a page's "
            ":rename:, not project-wide"
        )
    for a, b in parsed.pairs:
        for lname, rname in ((a, b), (b, a)):
            if lname in lnames and rname in rnames and not {lname, rname} & mentioned:
                pairs.append((lname, rname))
                mentioned |= {lname, rname}
    return Renames(tuple(pairs), own.groups)


def parse_ignore(spec: str | Iterable[str] | None) -> frozenset[str]:
    """``"device, dtype"`` or ``["device", "dtype"]`` -> names left out of the comparison."""
    return frozenset(_check_name(name, "ignore") for name in _items(spec))


def private_names(names: Iterable[str], renames: Renames) -> frozenset[str]:
    """The private parameters among ``names`` (a leading underscore, Python's convention for
    "not part of the API": torch's ``_stacklevel``), but those the author's renames mention."""
    mentioned = renames.names()
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
