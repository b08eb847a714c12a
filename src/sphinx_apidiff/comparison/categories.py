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

__all__ = [
    "CATEGORIES",
    "DEFAULT_PRECEDENCE",
    "KINDS",
    "UNRANKED",
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

#: The group each change belongs to; changes not listed do not decide the category.
GROUP = {
    "renamed": "names-differ",
    "only-right": "right-has-more",
    "default": "defaults-differ",
    "required": "defaults-differ",
    "only-left": "left-has-more",
    # an order or kind difference changes how a call is written
    "moved": "usage-differs",
    "kind": "usage-differs",
    "annotation": "types-differ",
    "return-annotation": "return-type-differs",
}

#: Changes that are said (a row's mark, a sentence under the table, a count) but rank in no
#: group, because the category tells how a call written for the left side has to change on the
#: right and these do not change it: ``maybe-absorbed`` only qualifies an ``only-left`` /
#: ``only-right`` that already ranks; ``object-kind`` (a class against a function) is called
#: the same way; ``overloads`` (different counts) is answered by comparing the closest pair,
#: whose own changes rank. Every change code is in :data:`GROUP` or here (tests check it).
UNRANKED = ("maybe-absorbed", "object-kind", "overloads")

#: Kinds of difference counted in ``Comparison.kinds``, in the order they are listed.
KINDS = (
    "renamed",
    "only-left",
    "only-right",
    "moved",
    "kind",
    "required",
    "default",
    "annotation",
    "return-annotation",
    "object-kind",
    "overloads",
)


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
    groups = {GROUP[c] for c in changes if c in GROUP}
    if not groups:
        return "identical"
    rank = {name: i for i, name in enumerate(precedence)}
    top = max(groups, key=lambda g: rank.get(g, -1))
    mixed = rank.get("mixed")
    if mixed is not None and len(groups) > 1 and rank.get(top, -1) < mixed:
        return "mixed"
    return top


def count_kinds(changes: Iterable[str]) -> dict[str, int]:
    """``{kind: count}`` for the kinds of :data:`KINDS` present, in that order."""
    counts: dict[str, int] = {}
    found = list(changes)
    for kind in KINDS:
        n = found.count(kind)
        if n:
            counts[kind] = n
    return counts
