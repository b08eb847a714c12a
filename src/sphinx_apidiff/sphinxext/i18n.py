"""The message catalog of sphinx-apidiff's built-in words (headings, table headers, sentences)."""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

__all__ = ["CATALOG", "LOCALE_DIR", "_", "brackets"]

CATALOG = "sphinx_apidiff"
LOCALE_DIR = str(Path(__file__).resolve().parent.parent / "locale")

#: Translate a built-in message into the project's ``language``.
_ = get_translation(CATALOG)


def brackets() -> tuple[str, str]:
    """The brackets around a remark after a text, as the language writes them: ``" ("`` and
    ``")"`` in English, ``"（"`` and ``"）"`` in Chinese (full width, no space). Taken from
    the translation of the sentences' own "text (remark)", so that the page and its
    sentences bracket alike."""
    opening, closing = str(_("{text} ({how})")).format(text="", how="\0").split("\0")
    return opening, closing
