"""The one-to-one choice among scored candidates: two rounds, an exact search with a greedy
fallback, and ties broken in an order that does not depend on which side is left.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from ..signature import Parameter
from .names import NAME_EVIDENCE, OPERANDS, STRONG_NAME_EVIDENCE, numbered_stem, stem
from .score import THRESHOLD, WEIGHTS, Candidate, score_pair

__all__ = ["assign"]

#: Above this many combinations the exact search gives way to a greedy pass (never reached by
#: real signatures: candidates are sparse).
_SEARCH_LIMIT = 5_000

#: Strong name evidence first: a pair on it outweighs any number of pairs on position
#: alone that it excludes (``scatter(input, dim, index, src)`` against
#: ``put_along_axis(arr, indices, values, axis)``: ``dim``/``axis`` and ``index``/``indices``,
#: not three pairs of equal positions). Real totals stay far below this factor.
_NAMED_FIRST = 1_000.0


def _tie_key(lname: str, rname: str) -> tuple[str, str]:
    return (lname, rname) if lname <= rname else (rname, lname)


def assign(
    left: Sequence[tuple[Parameter, int | None]],
    right: Sequence[tuple[Parameter, int | None]],
    fixed: Sequence[tuple[int | None, int | None]] = (),
    same_arity: bool = False,
    taught: Collection[tuple[str, str]] = frozenset(),
) -> list[Candidate]:
    """The best one-to-one pairing of ``left`` and ``right`` (parameter, positional index).

    ``fixed``: the positional indices (None where not positional) of the pairs already made
    by name or by the author, ``*args``/``**kwargs`` aside: they anchor position evidence and
    mark the slots between them. ``same_arity``: both whole signatures take the same number
    of required positional parameters (also an anchor). ``taught``: ``(left, right)`` name
    pairs the project's authors renamed on other pages (``project-rename`` evidence).

    Two rounds: the pairs the first round makes on name evidence also mark slots for the
    second (``torch.svd(input, some, compute_uv)`` against ``(a, full_matrices, compute_uv)``:
    ``input``/``a`` is inferred, and ``some`` sits between it and ``compute_uv``).
    """
    anchored = bool(fixed) or same_arity
    paired = {(i, j) for i, j in fixed if i is not None and j is not None}
    names = [(lp.name, [rp.name for rp, _ in right]) for lp, _ in left]
    best = _assign_round(left, right, paired, anchored, names, taught)
    more = {
        (left[c.left][1], right[c.right][1])
        for c in best
        if (_anchors(c) or "same-position" in c.evidence)
        and left[c.left][1] is not None
        and right[c.right][1] is not None
    }
    if more - paired:
        best = _assign_round(left, right, paired | more, anchored, names, taught)
    return best


def _assign_round(
    left: Sequence[tuple[Parameter, int | None]],
    right: Sequence[tuple[Parameter, int | None]],
    paired: set[tuple[int | None, int | None]],
    anchored: bool,
    names: list[tuple[str, list[str]]],
    taught: Collection[tuple[str, str]] = frozenset(),
) -> list[Candidate]:
    cands: list[list[Candidate]] = []
    lcount = _numbered_stems(p for p, _ in left)
    rcount = _numbered_stems(p for p, _ in right)
    for i, (lp, lpos) in enumerate(left):
        row = []
        for j, (rp, rpos) in enumerate(right):
            # the start of both signatures bounds a slot as a pair does, less surely: there a
            # different default still speaks against the pair
            slot = (
                lpos is not None
                and lpos == rpos
                and (lpos == 0 or (lpos - 1, rpos - 1) in paired)
                and (lpos + 1, rpos + 1) in paired
            )
            interior = slot and lpos != 0
            was_taught = (lp.name, rp.name) in taught
            score, evidence = score_pair(
                lp, rp, lpos, rpos, slot, taught=was_taught, interior=interior
            )
            if not was_taught and _one_of_numbered(lp.name, rp.name, lcount, rcount):
                score, evidence = _without_name(score, evidence)
            if score >= THRESHOLD:
                leads = bool(STRONG_NAME_EVIDENCE & set(evidence)) and not (
                    lp.name.lower() in OPERANDS and rp.name.lower() in OPERANDS
                )
                row.append(Candidate(i, j, score, evidence, leads))
        cands.append(row)
    if not anchored and not any(_anchors(c) for row in cands for c in row):
        return []  # position alone, with nothing to anchor it: chance
    best = _best(cands, names)
    if not anchored and not any(_anchors(c) for c in best):
        best = _best([[c for c in row if _anchors(c)] for row in cands], names)
    return best


def _named(cand: Candidate) -> bool:
    return any(e in NAME_EVIDENCE for e in cand.evidence)


def _anchors(cand: Candidate) -> bool:
    """Evidence that is no chance on its own: a name, or a value that is not a common one
    (``init=0.25`` and ``w=0.25``, at one index)."""
    if _named(cand):
        return True
    at_position = {"same-position", "same-optional-position"} & set(cand.evidence)
    return "same-default" in cand.evidence and bool(at_position)


def _numbered_stems(params: Iterable[Parameter]) -> dict[tuple[str, ...], int]:
    """How many parameters share each numbered stem (``beta1``, ``beta2``: ``beta`` twice)."""
    counts: dict[tuple[str, ...], int] = {}
    for param in params:
        key = numbered_stem(param.name)
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _one_of_numbered(
    lname: str, rname: str, lcount: dict[tuple[str, ...], int], rcount: dict[tuple[str, ...], int]
) -> bool:
    """``betas`` against ``beta2`` where there is a ``beta1`` too: the name says "one of these",
    not which (``betas`` is the tuple of both); name evidence that cannot tell is none."""
    for one, numbered, counts in ((lname, rname, rcount), (rname, lname, lcount)):
        key = numbered_stem(numbered)
        if key is not None and numbered_stem(one) is None and counts.get(key, 0) > 1:
            return stem(one) == key
    return False


def _without_name(score: float, evidence: tuple[str, ...]) -> tuple[float, tuple[str, ...]]:
    kept = [e for e in evidence if e not in NAME_EVIDENCE]
    if "different-default" in kept and "position-contradicted" not in kept:
        kept.append("position-contradicted")
    kept.append("one-of-numbered")
    return sum(WEIGHTS[e] for e in kept), tuple(kept)


def _weight(cand: Candidate) -> float:
    """A candidate's weight in the choice: its score, strong name evidence first (see
    _NAMED_FIRST; word parts shared are not strong: ``log_target``/``logits``; nor are two
    names of operands, told apart by their position: :data:`~.names.OPERANDS`)."""
    return cand.score * _NAMED_FIRST if cand.leads else cand.score


def _best(cands: list[list[Candidate]], names: list[tuple[str, list[str]]]) -> list[Candidate]:
    """The one-to-one choice of ``cands`` (per left parameter) with the greatest total."""

    def key(chosen: list[Candidate]) -> tuple[float, tuple[tuple[str, str], ...]]:
        total = round(sum(_weight(c) for c in chosen), 6)
        ties = tuple(sorted(_tie_key(names[c.left][0], names[c.left][1][c.right]) for c in chosen))
        return (-total, ties)

    size = 1
    for row in cands:
        size *= len(row) + 1
    if size > _SEARCH_LIMIT:
        flat = sorted(
            (c for row in cands for c in row),
            key=lambda c: (-_weight(c), _tie_key(names[c.left][0], names[c.left][1][c.right])),
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
    ceiling = [max((_weight(c) for c in row), default=0.0) for row in cands]
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
                search(i + 1, total + _weight(c))
                chosen.pop()
                taken.discard(c.right)
        search(i + 1, total)

    search(0)
    return best
