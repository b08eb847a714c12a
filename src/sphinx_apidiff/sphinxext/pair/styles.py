"""The layouts a comparison page can take (``apidiff_layout``, ``:layout:``).

``compact`` and ``full`` are the built-in page (``apidiff_template``) with the notes in their
rows or as subsections. The **house styles** lay the same comparison out the way one team's
readers know it, each with a built-in template of its own that a project overrides like the
built-in page (a file of the same name in ``templates_path``):

- ``paddle``: PaddlePaddle's pages: the category and the API as the title line, the two
  signatures, a three-column parameter-mapping table whose last column holds the notes, then
  the conversion examples (the directive's own content);
- ``mindspore``: MindSpore's: the two signatures, then the differences in a five-column table
  (kind, item, both names, the difference), then the code examples;
- ``megengine``: MegEngine's: the two cards, then a subsection per differing parameter under
  "Parameter differences", and the general notes under "Usage differences".

A layout decides which template lays the page out and where the notes go (``notes_in_rows``:
the ``compact`` placement, else the ``full`` one); the template sees the placement as
``layout`` and the name chosen as ``style``. A directive's ``:template:`` still wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _
from .rst import escape_rst

__all__ = ["LAYOUTS", "Layout", "layout_words", "template_for"]


@dataclass(frozen=True)
class Layout:
    name: str
    #: Parameter notes in their rows of a table (``compact``), else subsections (``full``).
    notes_in_rows: bool
    #: The layout's own built-in template; ``None``: the project's ``apidiff_template``.
    template: str | None = None
    #: An undocumented difference's generated note holds "No usage note for this difference
    #: yet." (``full``); else the difference it states is all it shows.
    no_note_text: bool = False

    @property
    def placement(self) -> str:
        """``"compact"`` or ``"full"``: where the context puts the notes."""
        return "compact" if self.notes_in_rows else "full"


LAYOUTS = {
    layout.name: layout
    for layout in (
        Layout("compact", notes_in_rows=True),
        Layout("full", notes_in_rows=False, no_note_text=True),
        Layout("paddle", notes_in_rows=True, template="apidiff/paddle.rst.jinja"),
        Layout("mindspore", notes_in_rows=True, template="apidiff/mindspore.rst.jinja"),
        Layout("megengine", notes_in_rows=False, template="apidiff/megengine.rst.jinja"),
    )
}


def template_for(layout: Layout, configured: str) -> str:
    """The template that lays out a page in ``layout``; ``configured`` is ``apidiff_template``."""
    return layout.template or configured


def layout_words() -> dict[str, str]:
    """The house styles' headings and words in the project's language, escaped."""
    raw = {
        "parameter_mapping": _("Parameter mapping"),
        "notes_column": _("Notes"),
        "conversion_examples": _("Conversion examples"),
        "differences": _("How they differ"),
        "kind_column": _("Kind"),
        "item_column": _("Item"),
        "parameters": _("Parameters"),
        # {n}: the parameter's row, counted from 1
        "parameter_n": _("Parameter {n}"),
        "code_examples": _("Code examples"),
        "parameter_differences": _("Parameter differences"),
        "no_parameter_differs": _("No parameter differs."),
    }
    return {key: escape_rst(value) for key, value in raw.items()}
