"""Infer renames: score candidate parameter pairs on named evidence, assign them one-to-one.

Pure Python: no docutils, no Sphinx. Used by :mod:`sphinx_apidiff.comparison` after the author's
renames and equal names, on what those left unmatched.

Evidence (feature name: weight)
-------------------------------
Name evidence (at most one counts, the strongest):

``same-words`` (3.0)
    equal once case, underscores and a plural ``s`` are set aside (``groups``/``group``).
``synonym`` (3.0)
    an established synonym of the array world, from :data:`SYNONYMS` (``dim``/``axis``).
``abbreviation`` (3.0)
    one name is built from prefixes of the other's words, in order (``lr``/``learning_rate``,
    ``rtol``/``rel_tol``, ``eps``/``epsilon``); at least 2 letters, 3 for a one-word name.
``shared-words`` (2.5)
    every word part of the shorter name is in the longer one, synonyms and prefixes counting
    (``start_dim``/``start_axis``, ``bias``/``has_bias``; not ``padding_mode``/``conv_mode``).

Other evidence:

``same-position`` (2.0)
    the same positional index on both sides, and at least one of the two is required (or both
    are positional-only): a positional caller always passes that argument there.
``same-optional-position`` (0.5)
    the same positional index, both optional: weak, a caller may never pass either.
``same-slot`` (1.5)
    the same positional index, and the positional parameters just before and just after it
    are paired with each other at the same indices (by name, by the author, or inferred on
    name evidence in a first round): the one slot left between two pairs that agree
    (``some``/``full_matrices`` between ``input`` and ``compute_uv``).
``same-default`` (1.0)
    both have a comparable default and it is equal.
``same-default-type`` (0.5)
    the defaults differ but are literals of one type (``True``/``False``, ``1``/``2``).
``both-required`` (0.5)
    required on both sides.
``same-annotation`` (0.5)
    both annotated, and the annotations are equal.

Against: ``different-default`` (-0.5): both have comparable defaults and they differ
(``padding_mode='zeros'`` is not ``conv_mode='cross_correlation'``).

A pair is a candidate only at or above :data:`THRESHOLD` (2.0): name evidence alone is enough
(a differing default aside, for the weaker kinds), and the position alone only where a caller
always passes the argument there and no default contradicts it.

Position needs an anchor: something already paired (an equal name or an author's pair, not
``*args``/``**kwargs``), a candidate with name evidence, or the same number of required
positional parameters on both sides (every positional call of one then fits the other:
``numpy.sum(a, ...)`` and ``math.fsum(seq, /)``). Without one, pairs with position evidence
only are dropped: two APIs that share nothing and are called differently are laid out by
different designs (a scheduler class and a function returning a list of rates), and their
positions coincide by chance.

A ``*args`` parameter pairs with a positional (non-variadic) one only on strong name evidence
(``same-words`` or ``synonym``), marked ``variadic-sequence``: PyTorch's ``ones(*size)`` takes
the sizes one by one where others take one ``shape`` sequence. ``**kwargs`` never pairs with
a named parameter. Among all one-to-one assignments of candidates
the one with the greatest total score is chosen (ties: a fixed order of the names that does not
depend on which side is left, so swapping sides mirrors the result).
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .signature import Kind, Parameter, default_value_key, normalize_annotation

__all__ = [
    "NAME_EVIDENCE",
    "SYNONYMS",
    "THRESHOLD",
    "WEIGHTS",
    "Candidate",
    "assign",
    "score_pair",
]

#: Established synonyms of the array world (NumPy, PyTorch, MindSpore, Paddle, JAX, TensorFlow).
#: Each group is a set of names that mean the same parameter.
SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"dim", "axis", "axes", "dims"}),
    frozenset({"keepdim", "keepdims"}),
    frozenset({"input", "x", "a", "tensor", "arr", "array"}),
    frozenset({"other", "y", "b", "x2"}),
    frozenset({"eps", "epsilon"}),
    frozenset({"end", "stop"}),
    frozenset({"index", "indices"}),
    frozenset({"src", "source", "updates"}),
    frozenset({"std", "stddev", "scale"}),
    frozenset({"mean", "loc"}),
    frozenset({"size", "shape"}),
    frozenset({"weight", "weights"}),
    frozenset({"out", "output"}),
    frozenset({"generator", "seed", "rng", "random_state"}),
    frozenset({"reduce", "reduction"}),
    frozenset({"negative_slope", "alpha"}),
    frozenset({"num_replicas", "num_shards", "world_size"}),
    frozenset({"rank", "shard_id", "rank_id"}),
)

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

#: The kinds of name evidence (at most one of them counts for a pair).
NAME_EVIDENCE = frozenset({"same-words", "synonym", "abbreviation", "shared-words"})

#: Name evidence strong enough to pair ``*args`` with a sequence parameter.
_SEQUENCE_EVIDENCE = frozenset({"same-words", "synonym"})

#: A pair is inferred only at or above this score.
THRESHOLD = 2.0

#: Above this many combinations the exact search gives way to a greedy pass (never reached by
#: real signatures: candidates are sparse).
_SEARCH_LIMIT = 5_000

_SYNONYM_OF: dict[str, int] = {name: i for i, group in enumerate(SYNONYMS) for name in group}
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(name))


def _same_word(a: str, b: str) -> bool:
    if a == b or _singular(a) == _singular(b):
        return True
    ga, gb = _SYNONYM_OF.get(a), _SYNONYM_OF.get(b)
    if ga is not None and ga == gb:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short)


def _prefixes_of(short: str, words: Sequence[str]) -> bool:
    """``short`` is non-empty prefixes of each of ``words``, in order (lr <- learning, rate)."""
    if not words:
        return not short
    word = words[0]
    for n in range(min(len(word), len(short)), 0, -1):
        if short[:n] == word[:n] and _prefixes_of(short[n:], words[1:]):
            return True
    return False


def _abbreviates(a: str, b: str) -> bool:
    """``a`` (the shorter) is made of prefixes of ``b``'s words, in order."""
    short, words = a.replace("_", "").lower(), _words(b)
    if len(short) < 2 or len(short) >= len("".join(words)):
        return False
    if len(words) == 1 and len(short) < 3:
        return False
    return _prefixes_of(short, words)


@functools.lru_cache(maxsize=16384)
def name_evidence(a: str, b: str) -> str | None:
    """The strongest name evidence that ``a`` and ``b`` are one parameter, or None."""
    wa, wb = _words(a), _words(b)
    if [_singular(w) for w in wa] == [_singular(w) for w in wb]:
        return "same-words"
    ga, gb = _SYNONYM_OF.get(a.lower()), _SYNONYM_OF.get(b.lower())
    if ga is not None and ga == gb:
        return "synonym"
    if _abbreviates(a, b) or _abbreviates(b, a):
        return "abbreviation"
    if wa and wb:
        shared = sum(1 for w in wa if any(_same_word(w, v) for v in wb))
        if shared and shared == min(len(wa), len(wb)):
            return "shared-words"
    return None


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


def _tie_key(lname: str, rname: str) -> tuple[str, str]:
    return (lname, rname) if lname <= rname else (rname, lname)


def assign(
    left: Sequence[tuple[Parameter, int | None]],
    right: Sequence[tuple[Parameter, int | None]],
    fixed: Sequence[tuple[int | None, int | None]] = (),
    same_arity: bool = False,
) -> list[Candidate]:
    """The best one-to-one pairing of ``left`` and ``right`` (parameter, positional index).

    ``fixed``: the positional indices (None where not positional) of the pairs already made
    by name or by the author, ``*args``/``**kwargs`` aside: they anchor position evidence and
    mark the slots between them. ``same_arity``: both whole signatures take the same number
    of required positional parameters (also an anchor).

    Two rounds: the pairs the first round makes on name evidence also mark slots for the
    second (``torch.svd(input, some, compute_uv)`` against ``(a, full_matrices, compute_uv)``:
    ``input``/``a`` is inferred, and ``some`` sits between it and ``compute_uv``).
    """
    anchored = bool(fixed) or same_arity
    paired = {(i, j) for i, j in fixed if i is not None and j is not None}
    names = [(lp.name, [rp.name for rp, _ in right]) for lp, _ in left]
    best = _assign_round(left, right, paired, anchored, names)
    more = {
        (left[c.left][1], right[c.right][1])
        for c in best
        if _named(c) and left[c.left][1] is not None and right[c.right][1] is not None
    }
    if more - paired:
        best = _assign_round(left, right, paired | more, anchored, names)
    return best


def _assign_round(
    left: Sequence[tuple[Parameter, int | None]],
    right: Sequence[tuple[Parameter, int | None]],
    paired: set[tuple[int | None, int | None]],
    anchored: bool,
    names: list[tuple[str, list[str]]],
) -> list[Candidate]:
    cands: list[list[Candidate]] = []
    for i, (lp, lpos) in enumerate(left):
        row = []
        for j, (rp, rpos) in enumerate(right):
            slot = (
                lpos is not None
                and lpos == rpos
                and (lpos - 1, rpos - 1) in paired
                and (lpos + 1, rpos + 1) in paired
            )
            score, evidence = score_pair(lp, rp, lpos, rpos, slot)
            if score >= THRESHOLD:
                row.append(Candidate(i, j, score, evidence))
        cands.append(row)
    if not anchored and not any(_named(c) for row in cands for c in row):
        return []  # position alone, with nothing to anchor it: chance
    best = _best(cands, names)
    if not anchored and not any(_named(c) for c in best):
        best = _best([[c for c in row if _named(c)] for row in cands], names)
    return best


def _named(cand: Candidate) -> bool:
    return any(e in NAME_EVIDENCE for e in cand.evidence)


def _best(cands: list[list[Candidate]], names: list[tuple[str, list[str]]]) -> list[Candidate]:
    """The one-to-one choice of ``cands`` (per left parameter) with the greatest total."""

    def key(chosen: list[Candidate]) -> tuple[float, tuple[tuple[str, str], ...]]:
        total = round(sum(c.score for c in chosen), 6)
        ties = tuple(sorted(_tie_key(names[c.left][0], names[c.left][1][c.right]) for c in chosen))
        return (-total, ties)

    size = 1
    for row in cands:
        size *= len(row) + 1
    if size > _SEARCH_LIMIT:
        flat = sorted(
            (c for row in cands for c in row),
            key=lambda c: (-c.score, _tie_key(names[c.left][0], names[c.left][1][c.right])),
        )
        used_l: set[int] = set()
        used_r: set[int] = set()
        out = []
        for c in flat:
            if c.left not in used_l and c.right not in used_r:
                used_l.add(c.left)
                used_r.add(c.right)
                out.append(c)
        return sorted(out, key=lambda c: c.left)

    best: list[Candidate] = []
    best_key = key([])
    chosen: list[Candidate] = []
    taken: set[int] = set()

    # the most each remaining left parameter could still add (prunes hopeless branches)
    ceiling = [max((c.score for c in row), default=0.0) for row in cands]
    for i in range(len(ceiling) - 2, -1, -1):
        ceiling[i] += ceiling[i + 1]
    ceiling.append(0.0)

    def search(i: int, total: float = 0.0) -> None:
        nonlocal best, best_key
        if total + ceiling[i] < -best_key[0] - 1e-6:
            return
        if i == len(cands):
            k = key(chosen)
            if k < best_key:
                best, best_key = list(chosen), k
            return
        for c in cands[i]:
            if c.right not in taken:
                taken.add(c.right)
                chosen.append(c)
                search(i + 1, total + c.score)
                chosen.pop()
                taken.discard(c.right)
        search(i + 1, total)

    search(0)
    return best
