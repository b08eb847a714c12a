"""The message catalog of sphinx-apidiff's built-in words (headings, table headers, sentences)."""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

__all__ = ["CATALOG", "LOCALE_DIR", "_"]

CATALOG = "sphinx_apidiff"
LOCALE_DIR = str(Path(__file__).resolve().parent.parent / "locale")

#: Translate a built-in message into the project's ``language``.
_ = get_translation(CATALOG)
