"""Compare two signatures parameter by parameter: one :class:`~.result.Row` per parameter.

Pure Python: no docutils, no Sphinx.

Matching, in this order (each step only looks at what the previous ones left unmatched):

1. ``*args`` with ``*args`` and ``**kwargs`` with ``**kwargs``, whatever their names;
2. the author's rename map (``left=right``; ``left=`` or ``=right``: no counterpart, on purpose;
   ``a b=c``: a group, several parameters that are one setting on the other side, one row);
3. equal names;
3a. the instance: where one side is a method called on an instance and the other a function
   (``instance``), the instance is the function's first positional parameter (``x.sum()`` and
   ``numpy.sum(x)``), unless that parameter is required on no call, was named by the author,
   or has name evidence with a parameter of the method (then it is that parameter, not the
   instance); the method's positions count from 1 from then on;
4. inferred renames: the remaining pairs are scored on named evidence (name similarity, known
   synonyms, a rename the project's authors wrote on other pages of the same two packages,
   same position, equal defaults...) and assigned one-to-one, only above a threshold
   (:mod:`sphinx_apidiff.matching`). A default that differs counts against a pair, so
   ``padding_mode='zeros'`` and ``conv_mode='cross_correlation'`` at the same index stay apart.

Each row says how it was matched (``match``: ``name``, ``author``, ``instance``, ``inferred`` or
``position`` for an inferred pair with no name evidence) and on what ``evidence``.

What is left is only on one side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..matching import NAME_EVIDENCE, assign, defaults_equal, encoded_default, name_evidence
from ..signature import (
    NO_EQUIVALENTS,
    Kind,
    Parameter,
    Signature,
    TypeEquivalents,
    annotation_accepts,
    annotation_key,
)
from .changes import Change
from .options import Renames
from .result import Row

__all__ = ["INSTANCE", "compare_signatures"]

#: The name the instance of a method goes by in a row (Python's own convention).
INSTANCE = "self"


def _positions(sig: Signature) -> dict[str, int]:
    positions: dict[str, int] = {}
    for param in sig.parameters:
        if param.kind.positional:
            positions[param.name] = len(positions)
    return positions


def _param_changes(
    lp: Parameter, rp: Parameter, lpos: int | None, rpos: int | None, types: _Types
) -> list[str]:
    changes: list[str] = []
    if lp.name != rp.name and not (lp.kind.variadic and rp.kind.variadic):
        changes.append(Change.RENAMED)
    if lpos is not None and rpos is not None and lpos != rpos:
        changes.append(Change.MOVED)
    if lp.kind is not rp.kind:
        changes.append(Change.KIND)
    if not (lp.kind.variadic or rp.kind.variadic) and lp.required != rp.required:
        changes.append(Change.REQUIRED)
    elif (
        lp.default is not None
        and rp.default is not None
        and lp.default_known
        and rp.default_known
        and not defaults_equal(lp.default, rp.default)
    ):
        changes.append(Change.DEFAULT)
    (lpackage, rpackage), same = types
    la, ra = (
        annotation_key(lp.annotation, lpackage, same),
        annotation_key(rp.annotation, rpackage, same),
    )
    # a difference only where the right side cannot take what the left side accepts
    if la is not None and ra is not None and not annotation_accepts(la, ra):
        changes.append(Change.ANNOTATION)
    return changes


#: ``((left package, right package), equivalents)``: how annotation names are read
_Types = tuple[tuple[str | None, str | None], TypeEquivalents]


def _pair_changes(
    lp: Parameter,
    rp: Parameter,
    lpos: int | None,
    rpos: int | None,
    evidence: tuple[str, ...],
    types: _Types,
) -> list[str]:
    """The changes of a pair, in the direction left to right (a type is compared that way)."""
    changes = _param_changes(lp, rp, lpos, rpos, types)
    if "inverted" in evidence:
        changes = _inverted_default(changes, lp, rp)
    if "encoded" in evidence:
        changes = _encoded_default(changes, lp, rp)
    return changes


def _encoded_default(changes: list[str], lp: Parameter, rp: Parameter) -> list[str]:
    """The ``default`` change of one setting written differently: ``unbiased=True`` and
    ``ddof=1`` are one default (no change), ``unbiased=True`` and ``ddof=0`` differ."""
    translated = encoded_default(lp, rp)
    if translated is None or rp.default is None or not rp.default_known:
        return changes
    if defaults_equal(translated, rp.default):
        return [c for c in changes if c != Change.DEFAULT]
    return [*changes, Change.DEFAULT] if Change.DEFAULT not in changes else changes


def _inverted_default(changes: list[str], lp: Parameter, rp: Parameter) -> list[str]:
    """The ``default`` change of two names with opposite meanings: ``periodic=True`` and
    ``sym=False`` are one default (no change), ``periodic=True`` and ``sym=True`` differ."""
    bools = {"True", "False"}
    if lp.default not in bools or rp.default not in bools:
        return changes
    if lp.default == rp.default:
        return [*changes, Change.DEFAULT] if Change.DEFAULT not in changes else changes
    return [c for c in changes if c != Change.DEFAULT]


def _absorbed_by(param: Parameter, other: Signature) -> bool:
    if param.kind.variadic:
        return False
    if param.kind.keyword and other.var_keyword() is not None:
        return True
    return param.kind is Kind.POSITIONAL_ONLY and other.var_positional() is not None


def compare_signatures(
    left: Signature,
    right: Signature,
    *,
    rename: Renames | None = None,
    ignore: frozenset[str] = frozenset(),
    instance: str | None = None,
    instance_type: str | None = None,
    taught: Mapping[tuple[str, str], int] | None = None,
    packages: tuple[str | None, str | None] = (None, None),
    type_equivalents: TypeEquivalents = NO_EQUIVALENTS,
) -> tuple[Row, ...]:
    """Rows for two signatures: left's order first, then right-only in right's order.

    ``instance``: ``"left"`` or ``"right"``, the side that is a method called on an instance
    while the other is a function (step 3a). ``instance_type`` names the instance's class
    (``Tensor``); it is the annotation of the instance's parameter in its row. ``taught``:
    ``(left, right)`` renames the project's authors wrote on other pages of the same two
    packages, to how many pages: evidence for inference, below the page's own renames.
    ``packages`` (each side's top-level package) and ``type_equivalents`` say how type names
    are read (:func:`~sphinx_apidiff.signature.annotation_key`): a type differs only where the
    right side cannot take what the left side accepts.
    """
    taught = taught or {}
    rename = rename or Renames()
    types: _Types = (packages, type_equivalents)
    if instance == "right":
        rows = compare_signatures(
            right,
            left,
            rename=Renames(
                tuple((b, a) for a, b in rename.pairs), tuple((b, a) for a, b in rename.groups)
            ),
            ignore=ignore,
            instance="left",
            instance_type=instance_type,
            taught={(b, a): n for (a, b), n in taught.items()},
            packages=(packages[1], packages[0]),
            type_equivalents=type_equivalents,
        )
        return _mirrored(rows, left.names(), right.names(), types)
    lpos, rpos = _positions(left), _positions(right)
    lparams = [p for p in left.parameters if p.name not in ignore]
    rparams = [p for p in right.parameters if p.name not in ignore]
    rby_name = {p.name: p for p in rparams}
    lby_name = {p.name: p for p in lparams}
    match: dict[str, str] = {}  # left name -> right name
    how: dict[str, str] = {}  # left name -> "author" | "position" | "name"

    def pair(lname: str, rname: str, reason: str) -> None:
        match[lname] = rname
        how[lname] = reason

    taken: set[str] = set()
    for kind in (Kind.VAR_POSITIONAL, Kind.VAR_KEYWORD):
        lv = next((p for p in lparams if p.kind is kind), None)
        rv = next((p for p in rparams if p.kind is kind), None)
        if lv and rv:
            pair(lv.name, rv.name, "name")
            taken.add(rv.name)
    alone_left, alone_right = rename.alone_left(), rename.alone_right()
    # names the author paired stay out of inference even where the pair did not apply
    rename_sources = set(rename.left_to_right())
    rename_targets = set(rename.left_to_right().values())
    # the author's groups (``dim0 dim1=perm``): one row each, at its first left parameter
    groups: dict[str, tuple[tuple[Parameter, ...], tuple[Parameter, ...]]] = {}
    for lnames, rnames in rename.groups:
        rename_sources |= set(lnames)
        rename_targets |= set(rnames)
        lgroup = tuple(p for p in lparams if p.name in lnames and p.name not in match)
        rgroup = tuple(p for p in rparams if p.name in rnames and p.name not in taken)
        if lgroup and rgroup:
            groups[lgroup[0].name] = (lgroup, rgroup)
            match.update({p.name: rgroup[0].name for p in lgroup})
            how.update({p.name: "author" for p in lgroup})
            taken |= {p.name for p in rgroup}
    in_group = {p.name for lgroup, _ in groups.values() for p in lgroup}
    for lname, rname in rename.left_to_right().items():
        if lname in lby_name and rname in rby_name and lname not in match and rname not in taken:
            pair(lname, rname, "author")
            taken.add(rname)
    for param in lparams:
        if (
            param.name not in match
            and param.name not in alone_left
            and param.name in rby_name
            and param.name not in taken
            and param.name not in alone_right
        ):
            pair(param.name, param.name, "name")
            taken.add(param.name)
    # the instance of a method is the function's first positional parameter (step 3a)
    this = _instance_pair(lparams, rparams, rpos, match, taken, rename) if instance else None
    if this is not None:
        lpos = {name: i + 1 for name, i in lpos.items()}
        lpos[INSTANCE] = 0
        itself = Parameter(INSTANCE, Kind.POSITIONAL_ONLY, annotation=instance_type)
        lparams = [itself, *lparams]
        lby_name[INSTANCE] = itself
        pair(INSTANCE, this.name, "instance")
        taken.add(this.name)
    # inferred renames: scored on evidence, assigned one-to-one (see .matching)
    evidence: dict[str, tuple[str, ...]] = {}
    lrest = [
        (p, lpos.get(p.name)) for p in lparams if p.name not in match and p.name not in alone_left
    ]
    rrest = [
        (p, rpos.get(p.name))
        for p in rparams
        if p.name not in taken and p.name not in alone_right and p.name not in rename_targets
    ]
    lrest = [(p, i) for p, i in lrest if p.name not in rename_sources]
    if lrest and rrest:
        # the pairs made so far (not *args/**kwargs) anchor position evidence
        fixed = [
            (lpos.get(lname), rpos.get(rname))
            for lname, rname in match.items()
            if not lby_name[lname].kind.variadic
        ]
        arity = [
            sum(1 for p in sig.parameters if p.kind.positional and p.required)
            for sig in (left, right)
        ]
        same_arity = arity[0] == arity[1] > 0
        for cand in assign(lrest, rrest, fixed, same_arity=same_arity, taught=taught.keys()):
            lname, rname = lrest[cand.left][0].name, rrest[cand.right][0].name
            named = any(e in NAME_EVIDENCE for e in cand.evidence)
            pair(lname, rname, "inferred" if named else "position")
            evidence[lname] = cand.evidence
            taken.add(rname)

    rows: list[Row] = []
    for param in lparams:
        lp = lpos.get(param.name)
        if param.name in groups:
            lgroup, rgroup = groups[param.name]
            rows.append(
                Row(
                    lgroup[0],
                    rgroup[0],
                    _ordered(_group_changes(lgroup, rgroup)),
                    lp,
                    rpos.get(rgroup[0].name),
                    intentional=True,
                    match="author",
                    left_group=lgroup,
                    right_group=rgroup,
                )
            )
        elif param.name in in_group:
            continue  # in its group's row
        elif param.name in match:
            other = rby_name[match[param.name]]
            rp = rpos.get(other.name)
            # the instance is passed, on the other side, as an argument: nothing differs
            instance_row = how[param.name] == "instance"
            changes = (
                []
                if instance_row
                else _pair_changes(param, other, lp, rp, evidence.get(param.name, ()), types)
            )
            rows.append(
                Row(
                    param,
                    other,
                    _ordered(changes),
                    lp,
                    rp,
                    intentional=how[param.name] == "author",
                    match=how[param.name],
                    evidence=evidence.get(param.name, ()),
                    project_pages=(
                        taught.get((param.name, other.name), 0)
                        if "project-rename" in evidence.get(param.name, ())
                        else 0
                    ),
                )
            )
        else:
            changes = [Change.ONLY_LEFT]
            intentional = param.name in alone_left
            if not intentional and _absorbed_by(param, right):
                changes.append(Change.MAYBE_ABSORBED)
            rows.append(Row(param, None, _ordered(changes), lp, None, intentional=intentional))
    for param in rparams:
        if param.name in taken:
            continue
        changes = [Change.ONLY_RIGHT]
        intentional = param.name in alone_right
        if not intentional and _absorbed_by(param, left):
            changes.append(Change.MAYBE_ABSORBED)
        rows.append(
            Row(None, param, _ordered(changes), None, rpos.get(param.name), intentional=intentional)
        )
    return tuple(rows)


def _group_changes(lgroup: tuple[Parameter, ...], rgroup: tuple[Parameter, ...]) -> list[str]:
    """The changes of a group row: ``regrouped`` (the values are written differently: a call
    changes), and whether the group is required or passed differently on one side."""
    changes = [Change.REGROUPED]
    if any(p.required for p in lgroup) != any(p.required for p in rgroup):
        changes.append(Change.REQUIRED)
    if {p.kind for p in lgroup} != {p.kind for p in rgroup}:
        changes.append(Change.KIND)
    return changes


def _instance_pair(
    lparams: list[Parameter],
    rparams: list[Parameter],
    rpos: dict[str, int],
    match: dict[str, str],
    taken: set[str],
    rename: Renames,
) -> Parameter | None:
    """The function's parameter that takes the method's instance (step 3a), or None."""
    if any(p.name == INSTANCE for p in lparams):
        return None
    first = next((p for p in rparams if rpos.get(p.name) == 0), None)
    if first is None or first.name in taken or not first.required:
        return None
    named = rename.names()
    if first.name in named:
        return None
    unmatched = [p for p in lparams if p.name not in match and p.name not in named]
    if any(not p.kind.variadic and name_evidence(p.name, first.name) for p in unmatched):
        return None  # the function's first parameter is one of the method's own
    return first


def _mirrored(
    rows: tuple[Row, ...], lnames: list[str], rnames: list[str], types: _Types
) -> tuple[Row, ...]:
    """Rows of (right, left) as rows of (left, right): sides swapped, then left's parameters in
    their order and the right-only ones in theirs."""
    swap = {Change.ONLY_LEFT: Change.ONLY_RIGHT, Change.ONLY_RIGHT: Change.ONLY_LEFT}

    def changes(row: Row) -> tuple[str, ...]:
        if row.left is None or row.right is None or row.match == "instance" or row.grouped:
            return tuple(swap.get(c, c) for c in row.changes)
        # left to right again: whether one side takes the other's type depends on the direction
        found = _pair_changes(
            row.right, row.left, row.right_position, row.left_position, row.evidence, types
        )
        return _ordered(found)

    flipped = [
        Row(
            row.right,
            row.left,
            changes(row),
            row.right_position,
            row.left_position,
            intentional=row.intentional,
            match=row.match,
            evidence=row.evidence,
            project_pages=row.project_pages,
            left_group=row.right_group,
            right_group=row.left_group,
        )
        for row in rows
    ]
    lorder = {name: i for i, name in enumerate(lnames)}
    rorder = {name: i for i, name in enumerate(rnames)}
    with_left = sorted(
        (r for r in flipped if r.left is not None), key=lambda r: lorder[r.left.name]
    )  # type: ignore[union-attr]
    right_only = sorted(
        (r for r in flipped if r.left is None), key=lambda r: rorder.get(r.right.name, -1)
    )  # type: ignore[union-attr]
    return tuple(with_left + right_only)


def _ordered(changes: Iterable[str]) -> tuple[str, ...]:
    found = set(changes)
    return tuple(c for c in Change if c.scope == "row" and c in found)
