"""Two sides that are not calls (a property, a constant, an enum member, a literal): what
differs between them besides their kind, which ``compare_apis`` says as ``object-kind``.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from ..api import Api

__all__ = ["member_values_differ"]


def member_values_differ(left: Api, right: Api) -> bool:
    """Both sides have a value (constants, enum members, literals) and they are not the same
    (``InterpolationMode.BICUBIC``'s ``3`` against ``"bicubic"``: the mapping a page states)."""
    if left.member is None or right.member is None:
        return False
    lvalue, rvalue = left.member.value, right.member.value
    return lvalue is not None and rvalue is not None and lvalue != rvalue
