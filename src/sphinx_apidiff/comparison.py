"""Compare two signatures parameter by parameter, and name the pair's category.

Pure Python: no docutils, no Sphinx.

Matching, in this order (each step only looks at what the previous ones left unmatched):

1. ``*args`` with ``*args`` and ``**kwargs`` with ``**kwargs``, whatever their names;
2. the author's rename map (``left=right``; ``left=`` or ``=right``: no counterpart, on purpose);
3. equal names;
4. inferred renames: the remaining pairs are scored on named evidence (name similarity, known
   synonyms, same position, equal defaults...) and assigned one-to-one, only above a threshold
   (:mod:`sphinx_apidiff.matching`). A default that differs counts against a pair, so
   ``padding_mode='zeros'`` and ``conv_mode='cross_correlation'`` at the same index stay apart.

Each row says how it was matched (``match``: ``name``, ``author``, ``inferred`` or ``position``
for an inferred pair with no name evidence) and on what ``evidence``.

What is left is only on one side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .api import Api, ApiDiffError
from .categories import (
    CATEGORIES,
    DEFAULT_PRECEDENCE,
    accepts,
    categorize_changes,
    count_kinds,
)
from .matching import NAME_EVIDENCE, assign
from .signature import Kind, Parameter, Signature, default_value_key, normalize_annotation

__all__ = [
    "CATEGORIES",
    "CHANGES",
    "PAIR_CHANGES",
    "Comparison",
    "Renames",
    "Row",
    "compare_apis",
    "compare_signatures",
    "parse_ignore",
    "parse_rename",
    "project_renames",
]

#: Per-parameter changes, in the order they are listed in a row.
CHANGES = (
    "renamed",
    "only-left",
    "only-right",
    "maybe-absorbed",
    "moved",
    "kind",
    "required",
    "default",
    "annotation",
)

#: Per-pair changes (``Comparison.pair_changes``); only ``return-annotation`` ranks in a group
#: (:data:`~sphinx_apidiff.categories.UNRANKED` says why the others do not).
PAIR_CHANGES = ("return-annotation", "object-kind", "overloads")

# ----------------------------------------------------------------------------- options


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


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Row:
    """One parameter of either side, matched or not, and what differs."""

    left: Parameter | None
    right: Parameter | None
    changes: tuple[str, ...]
    #: Positional index (0-based) on each side, None where not positional.
    left_position: int | None = None
    right_position: int | None = None
    #: The author said so (rename map), rather than the engine inferring it.
    intentional: bool = False
    #: How the pair was matched: "name", "author", "inferred", "position" ("" for one side).
    match: str = ""
    #: The evidence of an inferred pair ("synonym", "same-position", "same-default"...).
    evidence: tuple[str, ...] = ()

    @property
    def by_position(self) -> bool:
        """Paired by position only (not by name, by the author or on name evidence)."""
        return self.match == "position"

    @property
    def name(self) -> str:
        return (self.left or self.right).name  # type: ignore[union-attr]

    def names(self) -> set[str]:
        return {p.name for p in (self.left, self.right) if p is not None}

    def to_dict(self) -> dict:
        return {
            "left": self.left.name if self.left else None,
            "right": self.right.name if self.right else None,
            "changes": list(self.changes),
            "left_position": self.left_position,
            "right_position": self.right_position,
            "intentional": self.intentional,
            "match": self.match or None,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Comparison:
    """The result of comparing two callables."""

    left: Api
    right: Api
    rows: tuple[Row, ...]
    category: str
    #: The overloads that were compared (the best-matching pair).
    left_signature: Signature
    right_signature: Signature
    pair_changes: tuple[str, ...] = ()
    ignored: frozenset[str] = frozenset()
    #: Problems with the author's options (a rename naming a parameter neither side has...).
    problems: tuple[str, ...] = field(default=(), compare=False)
    #: Indices of the compared overloads in ``left.overloads`` / ``right.overloads``.
    overload_indices: tuple[int, int] = (0, 0)

    def overloads_not_compared(self) -> tuple[tuple[Signature, ...], tuple[Signature, ...]]:
        """The overloads of each side that were not compared."""
        i, j = self.overload_indices
        return (
            tuple(s for k, s in enumerate(self.left.overloads) if k != i),
            tuple(s for k, s in enumerate(self.right.overloads) if k != j),
        )

    @property
    def kinds(self) -> dict[str, int]:
        """What kinds of difference there are and how many: ``{"renamed": 3, ...}``."""
        return count_kinds([c for row in self.rows for c in row.changes] + [*self.pair_changes])

    @property
    def changed_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.changes)

    def row_for(self, name: str) -> Row | None:
        """The row where either side's parameter is called ``name``."""
        return next((row for row in self.rows if name in row.names()), None)

    def to_dict(self) -> dict:
        return {
            "left": self.left.to_dict(self.left_signature),
            "right": self.right.to_dict(self.right_signature),
            "category": self.category,
            "kinds": self.kinds,
            "rows": [row.to_dict() for row in self.rows],
            "pair_changes": list(self.pair_changes),
            "ignored": sorted(self.ignored),
            "problems": list(self.problems),
            "overloads": self._overloads_dict(),
        }

    def _overloads_dict(self) -> dict:
        lnot, rnot = self.overloads_not_compared()
        return {
            "left_compared": self.overload_indices[0],
            "right_compared": self.overload_indices[1],
            "left_not_compared": [sig.text() for sig in lnot],
            "right_not_compared": [sig.text() for sig in rnot],
        }


# ---------------------------------------------------------------------------- matching


def _positions(sig: Signature) -> dict[str, int]:
    positions: dict[str, int] = {}
    for param in sig.parameters:
        if param.kind.positional:
            positions[param.name] = len(positions)
    return positions


def _param_changes(lp: Parameter, rp: Parameter, lpos: int | None, rpos: int | None) -> list[str]:
    changes: list[str] = []
    if lp.name != rp.name and not (lp.kind.variadic and rp.kind.variadic):
        changes.append("renamed")
    if lpos is not None and rpos is not None and lpos != rpos:
        changes.append("moved")
    if lp.kind is not rp.kind:
        changes.append("kind")
    if not (lp.kind.variadic or rp.kind.variadic) and lp.required != rp.required:
        changes.append("required")
    elif (
        lp.default is not None
        and rp.default is not None
        and lp.default_known
        and rp.default_known
        and default_value_key(lp.default) != default_value_key(rp.default)
    ):
        changes.append("default")
    la, ra = normalize_annotation(lp.annotation), normalize_annotation(rp.annotation)
    # a difference only where the right side cannot take what the left side accepts
    if la is not None and ra is not None and not accepts(la, ra):
        changes.append("annotation")
    return changes


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
) -> tuple[Row, ...]:
    """Rows for two signatures: left's order first, then right-only in right's order."""
    rename = rename or Renames()
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
        for cand in assign(lrest, rrest, fixed, same_arity=arity[0] == arity[1] > 0):
            lname, rname = lrest[cand.left][0].name, rrest[cand.right][0].name
            named = any(e in NAME_EVIDENCE for e in cand.evidence)
            pair(lname, rname, "inferred" if named else "position")
            evidence[lname] = cand.evidence
            taken.add(rname)

    rows: list[Row] = []
    for param in lparams:
        lp = lpos.get(param.name)
        if param.name in match:
            other = rby_name[match[param.name]]
            rp = rpos.get(other.name)
            changes = _param_changes(param, other, lp, rp)
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
                )
            )
        else:
            changes = ["only-left"]
            intentional = param.name in alone_left
            if not intentional and _absorbed_by(param, right):
                changes.append("maybe-absorbed")
            rows.append(Row(param, None, _ordered(changes), lp, None, intentional=intentional))
    for param in rparams:
        if param.name in taken:
            continue
        changes = ["only-right"]
        intentional = param.name in alone_right
        if not intentional and _absorbed_by(param, left):
            changes.append("maybe-absorbed")
        rows.append(
            Row(None, param, _ordered(changes), None, rpos.get(param.name), intentional=intentional)
        )
    return tuple(rows)


def _ordered(changes: Iterable[str]) -> tuple[str, ...]:
    found = set(changes)
    return tuple(c for c in CHANGES if c in found)


def categorize(
    rows: Iterable[Row],
    pair_changes: Iterable[str] = (),
    precedence: Iterable[str] = DEFAULT_PRECEDENCE,
) -> str:
    """The pair's category: the highest-ranked group of its differences (``categories``)."""
    rows = tuple(rows)
    changes = [c for row in rows for c in row.changes] + list(pair_changes)
    return categorize_changes(bool(rows), changes, tuple(precedence))


def _score(rows: tuple[Row, ...]) -> tuple[int, int, int, int, int]:
    """Lower is a better match: most pairs, most paired on names (not on position alone),
    fewest one-sided, then fewest changes."""
    paired = sum(1 for r in rows if r.left is not None and r.right is not None)
    named = sum(1 for r in rows if r.match in ("name", "author", "inferred"))
    unpaired = len(rows) - paired
    return (
        -paired,
        -named,
        unpaired,
        sum(1 for r in rows if r.changes),
        sum(len(r.changes) for r in rows),
    )


def compare_apis(
    left: Api,
    right: Api,
    *,
    rename: str | Iterable[str] | Mapping[str, str | None] | Renames | None = None,
    ignore: str | Iterable[str] | None = None,
    precedence: Iterable[str] = DEFAULT_PRECEDENCE,
) -> Comparison:
    """Compare two read APIs. Of several overloads, the best-matching pair is compared.

    ``precedence`` ranks the categories, lowest first (``apidiff_category_precedence``).
    """
    renames = parse_rename(rename)
    ignored = parse_ignore(ignore) if not isinstance(ignore, frozenset) else ignore
    best: tuple[tuple[int, ...], int, int, tuple[Row, ...]] | None = None
    for i, lsig in enumerate(left.overloads):
        for j, rsig in enumerate(right.overloads):
            rows = compare_signatures(lsig, rsig, rename=renames, ignore=ignored)
            key = _score(rows)
            if best is None or key < best[0]:
                best = (key, i, j, rows)
    assert best is not None
    _, i, j, rows = best
    lsig, rsig = left.overloads[i], right.overloads[j]

    pair_changes: list[str] = []
    lret, rret = (
        normalize_annotation(lsig.return_annotation),
        normalize_annotation(rsig.return_annotation),
    )
    if lret is not None and rret is not None and lret != rret:
        pair_changes.append("return-annotation")
    if (
        "class" in (left.kind, right.kind)
        and left.kind != right.kind
        and "explicit"
        not in (
            left.kind,
            right.kind,
        )
    ):
        pair_changes.append("object-kind")
    if len(left.overloads) != len(right.overloads):
        pair_changes.append("overloads")

    problems: list[str] = []
    lnames, rnames = left.parameter_names(), right.parameter_names()
    for lname, rname in renames.pairs:
        if lname and lname not in lnames:
            problems.append(f"rename {lname}={rname or ''}: {left.path} has no parameter {lname!r}")
        if rname and rname not in rnames:
            problems.append(
                f"rename {lname or ''}={rname}: {right.path} has no parameter {rname!r}"
            )
    for name in sorted(ignored):
        if name not in lnames and name not in rnames:
            problems.append(f"ignore {name}: neither {left.path} nor {right.path} has it")

    return Comparison(
        left=left,
        right=right,
        rows=rows,
        category=categorize(rows, pair_changes, precedence),
        left_signature=lsig,
        right_signature=rsig,
        pair_changes=tuple(pair_changes),
        ignored=ignored,
        problems=tuple(problems),
        overload_indices=(i, j),
    )
