"""Name a pair's category by a fixed precedence, and count the kinds of difference it has.

Pure Python: no docutils, no Sphinx.

Docs teams pick one category per page by a precedence, lowest to highest (PaddlePaddle's
format guide): the highest group that a pair's differences reach is its category, so a pair
with renames *and* parameters only the left side has is ``left-has-more``. A project reorders
the groups with ``apidiff_category_precedence``; the entry ``mixed`` in it means "several groups
of difference, none of them ranked above ``mixed``": put it last to call every pair with more
than one group ``mixed``, leave it out (the default) to never say ``mixed``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .changes import Change

__all__ = [
    "CATEGORIES",
    "DEFAULT_PRECEDENCE",
    "categorize_changes",
    "count_kinds",
    "validate_precedence",
]

#: The categories of a difference, lowest to highest (the default precedence).
DEFAULT_PRECEDENCE = (
    "names-differ",
    "right-has-more",
    "defaults-differ",
    "left-has-more",
    "usage-differs",
    "types-differ",
    "return-type-differs",
)

#: Every category code: the two without a difference, the groups, and ``mixed``.
CATEGORIES = ("no-parameters", "identical", *DEFAULT_PRECEDENCE, "mixed")


def validate_precedence(value: Sequence[str]) -> tuple[str, ...]:
    """A precedence list (lowest first) -> tuple; ``ValueError`` says what is wrong.

    Every group of :data:`DEFAULT_PRECEDENCE` appears once; ``mixed`` may appear once;
    ``no-parameters`` and ``identical`` are accepted and skipped (no difference to rank).
    """
    items = [str(v) for v in value]
    unknown = [v for v in items if v not in CATEGORIES]
    if unknown:
        raise ValueError(
            f"unknown categor{'y' if len(unknown) == 1 else 'ies'} "
            f"{', '.join(map(repr, unknown))}; known: {', '.join(CATEGORIES)}"
        )
    twice = sorted({v for v in items if items.count(v) > 1})
    if twice:
        raise ValueError(f"{', '.join(map(repr, twice))} listed more than once")
    ranked = tuple(v for v in items if v not in ("no-parameters", "identical"))
    missing = [g for g in DEFAULT_PRECEDENCE if g not in ranked]
    if missing:
        raise ValueError(f"missing {', '.join(map(repr, missing))}")
    return ranked


def categorize_changes(
    has_parameters: bool,
    changes: Iterable[str],
    precedence: Sequence[str] = DEFAULT_PRECEDENCE,
) -> str:
    """The category of a pair whose rows and pair facts hold ``changes`` (repeats allowed)."""
    if not has_parameters:
        return "no-parameters"
    found = set(changes)
    groups = {c.group for c in Change if c.ranks and c in found}
    if not groups:
        return "identical"
    rank = {name: i for i, name in enumerate(precedence)}
    top = max(groups, key=lambda g: rank.get(g, -1))
    mixed = rank.get("mixed")
    if mixed is not None and len(groups) > 1 and rank.get(top, -1) < mixed:
        return "mixed"
    return top


def count_kinds(changes: Iterable[str]) -> dict[str, int]:
    """``{kind: count}`` for the counted changes present (:attr:`Change.counted`), in the order
    of :class:`Change`."""
    found = list(changes)
    counts = {kind: found.count(kind) for kind in Change if kind.counted}
    return {kind: n for kind, n in counts.items() if n}
