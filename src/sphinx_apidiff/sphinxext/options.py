"""Directive options read leniently, so that every mistake is our located ``apidiff`` warning.

docutils rejects an unknown option or a bad value before a directive runs, with a message of its
own type and no hint. Directives here accept any option name and any text, then check them in
``run()``: an unknown option is warned about (with the nearest known names) at its own line, and
the rest of the directive still works.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .warnings import Warn, warn

__all__ = ["LenientDirective", "LenientOptions", "option_line", "unknown_options"]


class LenientOptions(dict):
    """An ``option_spec`` that lets every option through as text (``None`` for flags)."""

    def __init__(self, known: dict[str, Callable[[str | None], object]]) -> None:
        super().__init__(known)
        self.known = set(known)

    def __missing__(self, key: str) -> Callable[[str | None], object]:
        return directives.unchanged

    def __contains__(self, key: object) -> bool:  # MyST asks "name in option_spec"
        return isinstance(key, str)


def unknown_options(options: dict, known: set[str]) -> list[tuple[str, str]]:
    """``(name, hint)`` for every option not in ``known``; hint suggests the nearest names."""
    out = []
    for name in options:
        if name in known:
            continue
        close = difflib.get_close_matches(name, sorted(known), n=2)
        hint = f"; did you mean {' or '.join(':' + c + ':' for c in close)}?" if close else ""
        out.append((name, hint))
    return out


def option_line(block_text: str, lineno: int, name: str) -> int:
    """The line of ``:name:`` in a directive's block (the directive's line if not found)."""
    for offset, line in enumerate(block_text.splitlines()):
        if line.strip().startswith(f":{name}:"):
            return lineno + offset
    return lineno


class LenientDirective(SphinxDirective):
    """A directive whose options are checked by :meth:`check_options`, each mistake located.

    Subclasses set ``NAME`` (for messages) and ``KNOWN`` (option name -> converter).
    """

    NAME: ClassVar[str] = ""
    KNOWN: ClassVar[dict[str, Callable[[str | None], object]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = LenientOptions(cls.KNOWN)

    def warn_at(self, subtype: Warn, message: str, option: str | None = None) -> None:
        """Warn at the directive's line, or at the line of its ``:option:``."""
        line = option_line(self.block_text, self.lineno, option) if option else self.lineno
        warn(subtype, message, (self.env.docname, line))

    def check_options(self) -> None:
        for name, hint in unknown_options(self.options, set(self.KNOWN)):
            self.warn_at(Warn.DIRECTIVE, f"{self.NAME}: unknown option :{name}:{hint}", name)
