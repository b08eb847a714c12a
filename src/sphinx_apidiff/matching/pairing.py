"""The one-to-one choice among scored candidates: two rounds, an exact search with a greedy
fallback, and ties broken in an order that does not depend on which side is left.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..signature import Parameter
from .names import NAME_EVIDENCE
from .score import THRESHOLD, Candidate, score_pair

__all__ = ["assign"]

#: Above this many combinations the exact search gives way to a greedy pass (never reached by
#: real signatures: candidates are sparse).
_SEARCH_LIMIT = 5_000


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
