"""The message catalog of sphinx-apidiff's built-in words (headings, table headers, sentences)."""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation, get_translator

__all__ = ["CATALOG", "LOCALE_DIR", "_", "brackets", "ngettext"]

CATALOG = "sphinx_apidiff"
LOCALE_DIR = str(Path(__file__).resolve().parent.parent / "locale")

#: Translate a built-in message into the project's ``language``.
_ = get_translation(CATALOG)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The message for ``n`` things (``{n} defaults differ``) in the project's ``language``, by
    the catalog's plural rule (English before a build)."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


def brackets() -> tuple[str, str]:
    """The brackets around a remark after a text, as the language writes them: ``" ("`` and
    ``")"`` in English, ``"（"`` and ``"）"`` in Chinese (full width, no space). Taken from
    the translation of the sentences' own "text (remark)", so that the page and its
    sentences bracket alike."""
    opening, closing = str(_("{text} ({how})")).format(text="", how="\0").split("\0")
    return opening, closing
