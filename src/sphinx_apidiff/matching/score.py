"""Scoring a candidate pair of parameters on its evidence (see :mod:`sphinx_apidiff.matching`).

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

from ..signature import Kind, Parameter, default_value_key, normalize_annotation
from .names import BOOKKEEPING, encoding, name_evidence

__all__ = [
    "THRESHOLD",
    "WEIGHTS",
    "Candidate",
    "bookkeeping",
    "defaults_equal",
    "encoded_default",
    "score_pair",
]

#: Feature weights (see the module docstring).
WEIGHTS: dict[str, float] = {
    "same-words": 3.0,
    "synonym": 3.0,
    "inverted": 3.0,
    "encoded": 3.0,
    "project-rename": 3.0,
    "abbreviation": 3.0,
    "shared-words": 2.5,
    "same-position": 2.0,
    "same-optional-position": 0.5,
    "same-slot": 1.5,
    "same-default": 1.5,
    "same-common-default": 0.5,
    "same-default-type": 0.5,
    "both-required": 0.5,
    "same-annotation": 0.5,
    "different-default": -0.5,
    "default-not-accepted": -1.5,
    "position-contradicted": -1.0,
    "variadic-sequence": 0.0,
    "one-of-numbered": 0.0,
}

#: Defaults so common that their equality says little: ``None``, booleans, ``0``, ``1``
#: (equal to ``False`` and ``True`` in a set, as ``0.0`` and ``1.0`` are), ``-1``, ``""``.
_COMMON_DEFAULTS = frozenset({None, True, False, -1, ""})

#: Name evidence strong enough to pair ``*args`` with a sequence parameter.
_SEQUENCE_EVIDENCE = frozenset({"same-words", "synonym"})

#: A pair is inferred only at or above this score.
THRESHOLD = 2.0


@dataclass(frozen=True)
class Candidate:
    """A scored pair: indices into the two unmatched lists, score and evidence."""

    left: int
    right: int
    score: float
    evidence: tuple[str, ...]
    #: Name evidence that outweighs any position pairs it excludes (see ``pairing``).
    leads: bool = False


def score_pair(
    lp: Parameter,
    rp: Parameter,
    lpos: int | None,
    rpos: int | None,
    slot: bool = False,
    taught: bool = False,
    interior: bool = True,
) -> tuple[float, tuple[str, ...]]:
    """Score of ``lp`` and ``rp`` being one parameter, and the evidence names (in order).

    ``slot``: both sit between the same two already-paired positional neighbours (or, not
    ``interior``, between the start of both signatures and such a neighbour).
    ``taught``: the project's authors renamed ``lp`` to ``rp`` on other pages of the same two
    packages (``project-rename``, in place of the names' own evidence).
    """
    if lp.kind.variadic or rp.kind.variadic:
        return _score_variadic(lp, rp)
    evidence: list[str] = []
    named = "project-rename" if taught else name_evidence(lp.name, rp.name)
    if named:
        evidence.append(named)
    if lpos is not None and lpos == rpos and not (bookkeeping(lp) or bookkeeping(rp)):
        posonly = lp.kind is Kind.POSITIONAL_ONLY and rp.kind is Kind.POSITIONAL_ONLY
        certain = lp.required or rp.required or posonly
        evidence.append("same-position" if certain else "same-optional-position")
        if slot:
            evidence.append("same-slot")
    both_known = (
        lp.default is not None and rp.default is not None and lp.default_known and rp.default_known
    )
    # opposite names: the defaults say nothing; one setting written differently: the left
    # default as the right side writes it (nothing, where the encoding does not say)
    ldefault = encoded_default(lp, rp) if named == "encoded" else lp.default
    if both_known and named != "inverted" and ldefault is not None:
        same = defaults_equal(ldefault, rp.default)  # type: ignore[arg-type]
        if same:
            common = _literal(ldefault) in _COMMON_DEFAULTS
            evidence.append("same-common-default" if common else "same-default")
        else:
            evidence.append("different-default")
        ltype = _literal_type(ldefault)
        if not same and ltype is not None and ltype == _literal_type(rp.default):  # type: ignore[arg-type]
            evidence.append("same-default-type")
    if both_known and (_refuses(lp, rp) or _refuses(rp, lp)):
        evidence.append("default-not-accepted")
    if lp.required and rp.required:
        evidence.append("both-required")
    la, ra = _annotation(lp.annotation), _annotation(rp.annotation)
    if la is not None and la == ra:
        evidence.append("same-annotation")
    if not named and not (slot and interior) and "different-default" in evidence:
        # the position alone, against what the defaults say: ``strict=True`` at the index of
        # ``use_structured_name=False`` is a different option, not a renamed one (between two
        # pairs that agree, the slot still says more than the defaults: it stays, in doubt)
        evidence.append("position-contradicted")
    return sum(WEIGHTS[e] for e in evidence), tuple(evidence)


def bookkeeping(param: Parameter) -> bool:
    """A parameter kept for bookkeeping (an operation's ``name=None``), not for the work."""
    return param.name in BOOKKEEPING and param.default == "None"


def encoded_default(lp: Parameter, rp: Parameter) -> str | None:
    """``lp``'s default as ``rp`` writes that value, where the two names are one setting
    written differently (:data:`~.names.ENCODED`: ``unbiased=True`` is ``ddof=1``); None where
    they are not, or the encoding does not say what the default is."""
    values = encoding(lp.name, rp.name)
    if values is None or lp.default is None or not lp.default_known:
        return None
    return next((vb for va, vb in values if defaults_equal(va, lp.default)), None)


@functools.lru_cache(maxsize=4096)
def defaults_equal(a: str, b: str) -> bool:
    """Whether two comparable defaults are one value: equal literals, or equal numbers whatever
    their type (``2`` and ``2.0``; ``True`` is not ``1``)."""
    if _default_key(a) == _default_key(b):
        return True
    va, vb = _literal(a), _literal(b)
    numbers = (int, float)
    return (
        type(va) in numbers and type(vb) in numbers and va == vb  # type: ignore[operator]
    )


def _score_variadic(lp: Parameter, rp: Parameter) -> tuple[float, tuple[str, ...]]:
    """``*size`` against ``shape``: one variadic positional, one positional, alike by name."""
    kinds = {lp.kind, rp.kind}
    if Kind.VAR_KEYWORD in kinds or len(kinds) == 1:
        return 0.0, ()  # **kwargs never; *args with *args is paired before inference
    other = rp if lp.kind is Kind.VAR_POSITIONAL else lp
    if not other.kind.positional:
        return 0.0, ()
    named = name_evidence(lp.name, rp.name)
    if named not in _SEQUENCE_EVIDENCE:
        return 0.0, ()
    evidence = (named, "variadic-sequence")
    return sum(WEIGHTS[e] for e in evidence), evidence


def _refuses(param: Parameter, other: Parameter) -> bool:
    """``param`` names the values it takes (``Literal['zeros', 'reflect']``) and ``other``'s
    default is none of them (``'same'``): the two choose among different things."""
    values = _literal_choices(param.annotation)
    value = _literal(other.default) if other.default is not None else _NOT_LITERAL
    return values is not None and isinstance(value, str) and value not in values


@functools.lru_cache(maxsize=4096)
def _literal_choices(annotation: str | None) -> frozenset[object] | None:
    """The values of a ``Literal[...]`` annotation (``None`` aside, as in ``Optional``), None
    for any other annotation."""
    if not annotation:
        return None
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return None
    members = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        members.append(node.right)
        node = node.left
    members.append(node)
    values: set[object] = set()
    for member in members:
        if isinstance(member, ast.Constant) and member.value is None:
            continue
        if not (
            isinstance(member, ast.Subscript) and ast.unparse(member.value).endswith("Literal")
        ):
            return None
        items = member.slice.elts if isinstance(member.slice, ast.Tuple) else [member.slice]
        if not all(isinstance(item, ast.Constant) for item in items):
            return None
        values |= {item.value for item in items}  # type: ignore[attr-defined]
    return frozenset(values) or None


_annotation = functools.lru_cache(maxsize=4096)(normalize_annotation)
_default_key = functools.lru_cache(maxsize=4096)(default_value_key)


_NOT_LITERAL = object()


@functools.lru_cache(maxsize=4096)
def _literal(text: str) -> object:
    """The value of a literal default, a marker for anything else."""
    try:
        value = ast.literal_eval(text)
        hash(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _NOT_LITERAL
    return value


@functools.lru_cache(maxsize=4096)
def _literal_type(text: str) -> type | None:
    """The type of a literal default (``True`` -> bool), None for anything else."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return None if value is None else type(value)
