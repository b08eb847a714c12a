"""What a comparison found: :class:`Row` (one parameter), :class:`Comparison` (the pair), as JSON.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..api import Api
from ..signature import Parameter, Signature
from .categories import count_kinds

__all__ = ["Comparison", "Row"]


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
    #: For ``project-rename`` evidence: on how many other pages of the project the authors
    #: renamed the same way.
    project_pages: int = 0
    #: A group row (the author's ``dim0 dim1=perm``): every parameter of the group on each
    #: side, in signature order; ``left`` and ``right`` are the first of each.
    left_group: tuple[Parameter, ...] = ()
    right_group: tuple[Parameter, ...] = ()
    #: The changes that are no difference for the page's reader (its perspective, see
    #: ``sphinx_apidiff.comparison.perspective``): facts still shown, not counted.
    uncounted: tuple[str, ...] = ()
    #: The sides ("left", "right") that take this parameter only as a key of their
    #: ``**kwargs``, as the author declared (``sphinx_apidiff.comparison.kwargs_keys``).
    through_kwargs: tuple[str, ...] = ()

    @property
    def counted(self) -> tuple[str, ...]:
        """The changes that are differences for the page's reader."""
        return tuple(c for c in self.changes if c not in self.uncounted)

    @property
    def grouped(self) -> bool:
        """Several parameters on one side or both, that the author says are one setting."""
        return bool(self.left_group or self.right_group)

    def side_parameters(self, side: str) -> tuple[Parameter, ...]:
        """The parameters of ``side`` ("left" or "right") in this row: the group's, or the one."""
        group = self.left_group if side == "left" else self.right_group
        one = self.left if side == "left" else self.right
        return group or ((one,) if one is not None else ())

    @property
    def name(self) -> str:
        return (self.left or self.right).name  # type: ignore[union-attr]

    def names(self) -> set[str]:
        return {p.name for side in ("left", "right") for p in self.side_parameters(side)}

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
            **({"project_pages": self.project_pages} if self.project_pages else {}),
            **({"uncounted": list(self.uncounted)} if self.uncounted else {}),
            **({"through_kwargs": list(self.through_kwargs)} if self.through_kwargs else {}),
            **(
                {
                    "left_group": [p.name for p in self.left_group],
                    "right_group": [p.name for p in self.right_group],
                }
                if self.grouped
                else {}
            ),
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
    #: The direction the page is read in (``both``, ``left``, ``right``) and which parameters
    #: its reader passes by keyword (``sphinx_apidiff.comparison.perspective``).
    perspective: str = "both"
    keyword_calls: str = "keyword-only"

    def overloads_not_compared(self) -> tuple[tuple[Signature, ...], tuple[Signature, ...]]:
        """The overloads of each side that were not compared."""
        i, j = self.overload_indices
        return (
            tuple(s for k, s in enumerate(self.left.overloads) if k != i),
            tuple(s for k, s in enumerate(self.right.overloads) if k != j),
        )

    @property
    def kinds(self) -> dict[str, int]:
        """What kinds of difference there are and how many: ``{"renamed": 3, ...}`` (the
        differences for the page's reader: a row's ``uncounted`` facts are not counted)."""
        return count_kinds([c for row in self.rows for c in row.counted] + [*self.pair_changes])

    @property
    def changed_rows(self) -> tuple[Row, ...]:
        """The rows with a difference for the page's reader."""
        return tuple(row for row in self.rows if row.counted)

    def row_for(self, name: str) -> Row | None:
        """The row where either side's parameter is called ``name``."""
        return next((row for row in self.rows if name in row.names()), None)

    def to_dict(self) -> dict:
        """The comparison as data. Keys in reading order, for a reader of the first lines
        (``diff --json | head``): the verdict (category, kinds, rows...) before the two
        sides' details, whose parameter lists run to many lines; each side starts with its
        path and label."""
        return {
            "category": self.category,
            "kinds": self.kinds,
            "rows": [row.to_dict() for row in self.rows],
            "pair_changes": list(self.pair_changes),
            "ignored": sorted(self.ignored),
            "problems": list(self.problems),
            "overloads": self._overloads_dict(),
            **(
                {"perspective": {"side": self.perspective, "keyword_calls": self.keyword_calls}}
                if self.perspective != "both"
                else {}
            ),
            "left": self.left.to_dict(self.left_signature),
            "right": self.right.to_dict(self.right_signature),
        }

    def _overloads_dict(self) -> dict:
        lnot, rnot = self.overloads_not_compared()
        return {
            "left_compared": self.overload_indices[0],
            "right_compared": self.overload_indices[1],
            "left_not_compared": [sig.text() for sig in lnot],
            "right_not_compared": [sig.text() for sig in rnot],
        }
