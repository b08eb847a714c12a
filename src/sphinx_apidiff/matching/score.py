"""Scoring a candidate pair of parameters on its evidence (see :mod:`sphinx_apidiff.matching`).

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

from ..signature import Kind, Parameter, default_value_key, normalize_annotation
from .names import name_evidence

__all__ = ["THRESHOLD", "WEIGHTS", "Candidate", "score_pair"]

#: Feature weights (see the module docstring).
WEIGHTS: dict[str, float] = {
    "same-words": 3.0,
    "synonym": 3.0,
    "abbreviation": 3.0,
    "shared-words": 2.5,
    "same-position": 2.0,
    "same-optional-position": 0.5,
    "same-slot": 1.5,
    "same-default": 1.0,
    "same-default-type": 0.5,
    "both-required": 0.5,
    "same-annotation": 0.5,
    "different-default": -0.5,
    "variadic-sequence": 0.0,
}

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


def score_pair(
    lp: Parameter, rp: Parameter, lpos: int | None, rpos: int | None, slot: bool = False
) -> tuple[float, tuple[str, ...]]:
    """Score of ``lp`` and ``rp`` being one parameter, and the evidence names (in order).

    ``slot``: both sit between the same two already-paired positional neighbours.
    """
    if lp.kind.variadic or rp.kind.variadic:
        return _score_variadic(lp, rp)
    evidence: list[str] = []
    named = name_evidence(lp.name, rp.name)
    if named:
        evidence.append(named)
    if lpos is not None and lpos == rpos:
        posonly = lp.kind is Kind.POSITIONAL_ONLY and rp.kind is Kind.POSITIONAL_ONLY
        certain = lp.required or rp.required or posonly
        evidence.append("same-position" if certain else "same-optional-position")
        if slot:
            evidence.append("same-slot")
    both_known = (
        lp.default is not None and rp.default is not None and lp.default_known and rp.default_known
    )
    if both_known:
        same = _default_key(lp.default) == _default_key(rp.default)
        evidence.append("same-default" if same else "different-default")
        ltype = _literal_type(lp.default)  # type: ignore[arg-type]
        if not same and ltype is not None and ltype == _literal_type(rp.default):  # type: ignore[arg-type]
            evidence.append("same-default-type")
    if lp.required and rp.required:
        evidence.append("both-required")
    la, ra = _annotation(lp.annotation), _annotation(rp.annotation)
    if la is not None and la == ra:
        evidence.append("same-annotation")
    return sum(WEIGHTS[e] for e in evidence), tuple(evidence)


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


_annotation = functools.lru_cache(maxsize=4096)(normalize_annotation)
_default_key = functools.lru_cache(maxsize=4096)(default_value_key)


@functools.lru_cache(maxsize=4096)
def _literal_type(text: str) -> type | None:
    """The type of a literal default (``True`` -> bool), None for anything else."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return None if value is None else type(value)
