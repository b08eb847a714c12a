"""How a converted page is written: the same parts in MyST Markdown or in reStructuredText.

The converter (:mod:`.convert`) decides what goes where (which note holds a row, which
example sits under which note, the renames); a :class:`Syntax` only spells it: a title, a
heading, a verbatim code block, a directive with its options and content, a label. The
Markdown formats (PaddlePaddle, MindSpore) are written again as MyST (:data:`MYST`), the
reStructuredText one (MegEngine) as rst (:data:`RST`), so every page keeps its markup and
its prose is carried over as written.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..scaffold import _width  # the columns a title takes (a CJK character takes two)

__all__ = ["MYST", "RST", "SYNTAXES", "MystSyntax", "RstSyntax", "Syntax"]


class Syntax:
    """The markup of one output format (see :class:`MystSyntax`, :class:`RstSyntax`)."""

    #: The suffix of a page written in it.
    suffix = ""
    #: The parser ``conf.py`` needs for it (None: Sphinx reads it as it is).
    parser: str | None = None

    def title(self, text: str) -> list[str]:
        raise NotImplementedError

    def heading(self, text: str) -> list[str]:
        """A section one level below the title."""
        raise NotImplementedError

    def label(self, name: str) -> list[str]:
        """A label (``:ref:`` target) on what follows."""
        raise NotImplementedError

    def code(self, language: str, code: str) -> list[str]:
        """A verbatim block, never run."""
        raise NotImplementedError

    def strong(self, text: str) -> str:
        return f"**{text}**"

    def directive(
        self,
        name: str,
        argument: str = "",
        options: Sequence[tuple[str, str]] = (),
        body: Sequence[str] = (),
        holds: int = 0,
    ) -> list[str]:
        """A directive holding ``body`` (lines already in this syntax); ``holds``: how deep
        the directives in ``body`` nest (MyST fences grow longer outwards)."""
        raise NotImplementedError

    def example(self, options: Sequence[tuple[str, str]], code: str) -> list[str]:
        """An ``apidiff-example``: code that runs when the page is built."""
        return self.directive("apidiff-example", "", options, code.splitlines())


class MystSyntax(Syntax):
    suffix = ".md"
    parser = "myst_parser"

    def title(self, text: str) -> list[str]:
        return [f"# {text}"]

    def heading(self, text: str) -> list[str]:
        return [f"## {text}"]

    def label(self, name: str) -> list[str]:
        return [f"({name})="]

    def code(self, language: str, code: str) -> list[str]:
        fence = "```"
        return [f"{fence}{language}", *code.splitlines(), fence]

    def directive(self, name, argument="", options=(), body=(), holds=0) -> list[str]:
        # a directive holding others needs a longer fence than theirs: 4 for a note (which
        # holds code fences of 3), 5 for the comparison (which holds notes)
        fence = "`" * (4 + holds)
        head = f"{fence}{{{name}}}" + (f" {argument}" if argument else "")
        return [head, *_myst_options(options), "", *body, fence]

    def example(self, options, code) -> list[str]:
        # the fence of a code block (3): it sits in notes (fences of 4), as code blocks do
        fence = "```"
        return [
            f"{fence}{{apidiff-example}}",
            *_myst_options(options),
            "",
            *code.splitlines(),
            fence,
        ]


class RstSyntax(Syntax):
    suffix = ".rst"
    parser = None

    def title(self, text: str) -> list[str]:
        rule = "=" * max(_width(text), 1)
        return [rule, text, rule]

    def heading(self, text: str) -> list[str]:
        return [text, "-" * max(_width(text), 1)]

    def label(self, name: str) -> list[str]:
        return [f".. _{name}:"]

    def code(self, language: str, code: str) -> list[str]:
        head = f".. code-block:: {language}" if language else ".. code-block::"
        return [head, "", *_indented(code.splitlines())]

    def directive(self, name, argument="", options=(), body=(), holds=0) -> list[str]:
        head = f".. {name}::" + (f" {argument}" if argument else "")
        lines = [head, *(f"   :{key}:" + (f" {value}" if value else "") for key, value in options)]
        return [*lines, "", *_indented(body)] if body else lines


def _myst_options(options: Sequence[tuple[str, str]]) -> list[str]:
    return [f":{key}:" + (f" {value}" if value else "") for key, value in options]


def _indented(lines: Sequence[str], by: str = "   ") -> list[str]:
    return [f"{by}{line}" if line.strip() else "" for line in lines]


MYST = MystSyntax()
RST = RstSyntax()
#: The syntax each format's pages are written in again.
SYNTAXES: dict[str, Syntax] = {"paddle": MYST, "mindspore": MYST, "megengine": RST}
