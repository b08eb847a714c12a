"""The words a reader is told for each status of a one-sided page (``apidiff-one``).

Shared by the page itself (:mod:`.pair.one`) and the project views that list such pages (the
coverage, the one-sided summary), so that neither component depends on the other.
"""

from __future__ import annotations

from .i18n import _

__all__ = ["documented", "status_words"]


def status_words() -> dict[str, str]:
    """Each status as a reader is told it, in the project's language."""
    return {
        "missing": _("no counterpart"),
        "removable": _("removable"),
        "composite": _("composite replacement"),
    }


def documented(status: str) -> str:
    """What the coverage says of an API whose page states ``status``."""
    return _("documented: {status}").format(status=status_words()[status])
