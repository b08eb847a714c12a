"""Reading a team's hand-written comparison pages as they are, and auditing them.

Pure Python: no docutils, no Sphinx. One reader per format turns a page into a
:class:`~.model.Page` (title, category, both sides with their printed signatures, the
parameter table, notes, examples, links, and every construct it does not recognise, by
kind): :mod:`.paddle` (PaddlePaddle's Markdown), :mod:`.mindspore` (MindSpore's Markdown),
:mod:`.megengine` (MegEngine's rst). :mod:`.printed` reads a printed signature into the
engine's types; :mod:`.audit` compares a page with the installed libraries.
"""

from __future__ import annotations

from collections.abc import Callable

from .megengine import read_megengine
from .mindspore import read_mindspore
from .model import Page
from .paddle import read_paddle

__all__ = ["FORMATS", "SUFFIXES", "read_page"]

#: Each format's reader.
FORMATS: dict[str, Callable[[str, str], Page]] = {
    "paddle": read_paddle,
    "mindspore": read_mindspore,
    "megengine": read_megengine,
}
#: The file suffix of each format's pages.
SUFFIXES = {"paddle": ".md", "mindspore": ".md", "megengine": ".rst"}


def read_page(fmt: str, text: str, path: str = "") -> Page:
    """Read ``text`` (one page of format ``fmt``); ``path`` is kept for the report."""
    return FORMATS[fmt](text, path)
