"""How the words ``sphinx-apidiff new`` leaves for an author to replace are recognised.

Every note the scaffold writes (:data:`sphinx_apidiff.scaffold.PHRASES`), and the comment of
its example skeleton, begins with its language's marker, ``TODO:`` or ``待补充：``. A note with
a paragraph that still begins so, an example with a comment that does, is not written yet:
the build warns about it (``apidiff.placeholder``) and the export does not count such a note
as the author's. Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

__all__ = ["PLACEHOLDER_MARKERS", "is_placeholder", "placeholder_line"]

#: The marker the scaffold's placeholder note begins with, per language.
PLACEHOLDER_MARKERS: dict[str, str] = {"en": "TODO:", "zh_CN": "待补充："}


def is_placeholder(paragraph: str) -> bool:
    """Whether ``paragraph`` (the text of one paragraph of a note) is a placeholder."""
    return paragraph.lstrip().startswith(tuple(PLACEHOLDER_MARKERS.values()))


def placeholder_line(code: str) -> int | None:
    """The 0-based line of ``code``'s first comment that is a placeholder
    (``# TODO: call both...``), or None."""
    for number, line in enumerate(code.splitlines()):
        text = line.strip()
        if text.startswith("#") and is_placeholder(text.lstrip("#")):
            return number
    return None
