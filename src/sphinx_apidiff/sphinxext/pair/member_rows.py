"""Sides that are not calls (properties, constants, enum members, literals) on the page: the
card's code says what each is, and the table's first rows compare their kind, type and value
(a property has no parameters to make rows of).

Kept apart from :mod:`.context`, which calls these for a comparison with such a side.
"""

from __future__ import annotations

from ...api import Api, Member
from ...comparison import Comparison
from ...describe import Describer
from ..i18n import _
from .rst import escape_rst, literal_rst

__all__ = ["member_code", "member_rows"]


def member_code(path: str, member: Member) -> str:
    """The card's code: what it is as a comment, then ``path: type = value``."""
    return f"# {member.kind}\n{member.text(path)}"


def _row(left: str | None, right: str | None, same: bool, words: tuple[str, str]) -> dict:
    differs, alike = words
    return {
        "anchor": None,
        "note_slot": None,
        "note_title": None,
        "left": literal_rst(left) if left else "",
        "right": literal_rst(right) if right else "",
        "changed": not same,
        "changes": [],
        "summary": escape_rst(alike if same else differs),
        "note_label": None,
    }


def _kind(api: Api) -> str:
    return api.member.kind if api.member is not None else api.kind


def member_rows(comparison: Comparison, describer: Describer) -> list[dict]:
    """Rows for the kind, the type and the value of sides that are not calls; none when both
    sides are calls."""
    left, right = comparison.left, comparison.right
    if left.member is None and right.member is None:
        return []
    lkind, rkind = _kind(left), _kind(right)
    rows = [_row(lkind, rkind, lkind == rkind, (_("kind differs"), _("same kind")))]
    ltype = left.member.type if left.member else None
    rtype = right.member.type if right.member else None
    if ltype or rtype:
        rows.append(_row(ltype, rtype, ltype == rtype, (_("type differs"), _("same type"))))
    lvalue = left.member.value if left.member else None
    rvalue = right.member.value if right.member else None
    if lvalue is not None or rvalue is not None:
        same = lvalue == rvalue
        rows.append(_row(lvalue, rvalue, same, (_("value differs"), _("same value"))))
    return rows
