"""The :class:`~sphinx_apidiff.describe.Describer` of the Sphinx layer: its plurals (``{n}
defaults differ``) follow the project's ``language`` through sphinx-apidiff's own catalog."""

from __future__ import annotations

from typing import Any

from sphinx.locale import get_translator

from .. import describe
from .i18n import CATALOG

__all__ = ["Describer", "ngettext"]


def ngettext(singular: str, plural: str, n: int) -> str:
    """The message for ``n`` things, in the project's language (English before a build)."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


class Describer(describe.Describer):
    """A :class:`~sphinx_apidiff.describe.Describer` whose plurals come from the catalog."""

    def __init__(self, left_label: str, right_label: str, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("ngettext", ngettext)
        super().__init__(left_label, right_label, *args, **kwargs)
