"""The direction a page is read in: which facts of a row are differences for its reader.

Pure Python: no docutils, no Sphinx.

A page read from the left (``apidiff_perspective = "left"``) is for someone porting calls
written for the left API to the right one. A fact of the table is a difference for that reader
only where some call written for the left side has to change:

``kind``
    not a difference where every way the left's callers pass the parameter is one the right
    side takes: keyword-only on the left and positional-or-keyword on the right; positional-only
    on the left, positional-or-keyword on the right.
``required``
    not a difference where the left side requires the parameter (every call passes it) and the
    right side has a default: the right side's default is never used. Optional on the left and
    required on the right stays a difference (a call that leaves it out breaks).
``moved``
    not a difference where the left's callers pass the parameter by keyword (see below) and
    the right side takes it by keyword: its position is never used.
``renamed``
    not a difference where the left's callers pass it by position only (positional-only on
    the left) and the right side takes it by position: its name is never written (a position
    that differs is ``moved``, still a difference).

Which parameters "callers pass by keyword" (``apidiff_keyword_calls``): ``keyword-only`` (the
default) says only the keyword-only ones (Python leaves no other way); ``optional`` adds every
parameter with a default that can be passed by keyword (the convention of most style guides
and of PaddlePaddle's: ``torch.sum(x, 1, True)`` is written ``torch.sum(x, dim=1,
keepdim=True)``); ``all`` every parameter that can be passed by keyword.

Everything else (a parameter on one side only, a default, a type, a group written differently)
stays a difference. ``both`` (the default perspective) counts every fact, as before. Seen from
the right, the same rules hold with the sides swapped. The facts of the table never change;
the rows keep them, with the ones that do not count listed in ``Row.uncounted``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..api import ApiDiffError
from ..signature import Parameter
from .changes import Change
from .result import Row

__all__ = ["KEYWORD_CALLS", "PERSPECTIVES", "Perspective", "apply_perspective", "uncounted"]

#: The directions a page is read in: both ways (every fact a difference), from either side.
PERSPECTIVES = ("both", "left", "right")
#: Which parameters the reader's calls pass by keyword.
KEYWORD_CALLS = ("keyword-only", "optional", "all")


@dataclass(frozen=True)
class Perspective:
    """Who reads the page: ``side`` (``both``, ``left`` or ``right``) and which parameters
    that side's calls pass by keyword (``keyword_calls``)."""

    side: str = "both"
    keyword_calls: str = "keyword-only"

    def __post_init__(self) -> None:
        if self.side not in PERSPECTIVES:
            raise ApiDiffError(
                f"perspective {self.side!r}: expected one of {', '.join(PERSPECTIVES)}"
            )
        if self.keyword_calls not in KEYWORD_CALLS:
            raise ApiDiffError(
                f"keyword calls {self.keyword_calls!r}: expected one of {', '.join(KEYWORD_CALLS)}"
            )

    def to_dict(self) -> dict[str, str]:
        return {"side": self.side, "keyword_calls": self.keyword_calls}


def _by_keyword(param: Parameter, keyword_calls: str) -> bool:
    """Whether the reader's calls pass ``param`` by keyword (never by position)."""
    if not param.kind.keyword:
        return False
    if not param.kind.positional or keyword_calls == "all":
        return True
    return keyword_calls == "optional" and param.default is not None


def _ways(param: Parameter) -> set[str]:
    return {
        w for w, ok in (("position", param.kind.positional), ("keyword", param.kind.keyword)) if ok
    }


def uncounted(row: Row, perspective: Perspective) -> tuple[str, ...]:
    """The changes of ``row`` that are no difference for the page's reader."""
    if perspective.side == "both" or row.grouped or row.left is None or row.right is None:
        return ()
    caller, other = (row.left, row.right) if perspective.side == "left" else (row.right, row.left)
    if caller.kind.variadic or other.kind.variadic:
        return ()
    keyword = _by_keyword(caller, perspective.keyword_calls)
    used = {"keyword"} if keyword else _ways(caller)
    out = []
    for change in row.changes:
        if (
            (change == Change.KIND and used <= _ways(other))
            or (change == Change.REQUIRED and caller.required)
            or (change == Change.MOVED and keyword and other.kind.keyword)
            or (change == Change.RENAMED and "keyword" not in used and other.kind.positional)
        ):
            out.append(change)
    return tuple(out)


def apply_perspective(rows: Iterable[Row], perspective: Perspective) -> tuple[Row, ...]:
    """``rows`` with their :attr:`~.result.Row.uncounted` changes for ``perspective``."""
    return tuple(replace(row, uncounted=uncounted(row, perspective)) for row in rows)
