"""What a reader finds in a team's hand-written comparison page, each part with its line.

Pure Python: no docutils, no Sphinx. Lines are 1-based, in the page as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "CodeBlock",
    "Half",
    "Link",
    "MappingRow",
    "NoteSection",
    "Page",
    "Pair",
    "PrintedSignature",
    "Prose",
    "Side",
    "Unrecognised",
]


@dataclass(frozen=True)
class Unrecognised:
    """A construct the reader does not know, reported by ``kind`` (never dropped silently)."""

    kind: str
    line: int
    text: str
    #: The construct as written (a table's lines), for a converter to carry over verbatim.
    source: str = ""


@dataclass(frozen=True)
class Link:
    """``[text](url)`` in Markdown, a ``:role:`target``` in rst (``url`` is then the role)."""

    text: str
    url: str
    line: int


@dataclass(frozen=True)
class PrintedSignature:
    """A signature as the page prints it: the code block's lines, the first at ``line``."""

    lines: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def parameter_line(self, name: str) -> int:
        """The line where parameter ``name`` is first written after the opening parenthesis
        (the block's first line when it is not found)."""
        opened = False
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
        for offset, text in enumerate(self.lines):
            start = 0
            if not opened:
                if "(" not in text:
                    continue
                opened, start = True, text.index("(") + 1
            if pattern.search(text, start):
                return self.line + offset
        return self.line


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the API the heading (or card) names, its link, its printed
    signature (None where the page prints none)."""

    api: str
    line: int
    url: str | None = None
    signature: PrintedSignature | None = None


@dataclass(frozen=True)
class MappingRow:
    """A row of the parameter table: the names on each side (empty: ``-``, no counterpart),
    the note, the row's group (``parameter``, ``return``, ``input``...) and its line."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    note: str
    line: int
    group: str = "parameter"
    left_cell: str = ""
    right_cell: str = ""


@dataclass(frozen=True)
class Pair:
    """One comparison of the page (a page may hold several: one per overload)."""

    left: Side
    right: Side | None = None
    rows: tuple[MappingRow, ...] = ()
    #: The line of the table's header row (0: no table).
    table_line: int = 0


@dataclass(frozen=True)
class NoteSection:
    """A section of prose under a heading; ``parameters`` are the names its heading gives."""

    heading: str
    line: int
    text: str
    parameters: tuple[str, ...] = ()
    #: The section's body as written (dedented), for a converter of the same markup to carry
    #: over in order: paragraphs, admonitions, code ("" where the reader keeps none).
    source: str = ""
    #: The last line of the section (0: unknown).
    end: int = 0


@dataclass(frozen=True)
class Half:
    """One side's half of an example block (``# PyTorch 写法`` ... ``# Paddle 写法`` ...)."""

    side: str
    label: str
    code: str
    line: int


@dataclass(frozen=True)
class CodeBlock:
    """An example: its code, language, first code line, the heading it sits under, its halves
    where it writes both sides, and why it is not shown on the site (``problem``)."""

    code: str
    language: str
    line: int
    heading: str | None = None
    heading_line: int = 0
    halves: tuple[Half, ...] = ()
    problem: str = ""


@dataclass(frozen=True)
class Prose:
    text: str
    line: int


@dataclass(frozen=True)
class Page:
    """A whole page as read."""

    format: str
    path: str
    title: str
    title_line: int
    #: The API the title names (None: the title names none).
    title_api: str | None = None
    #: The category label as written (None: the format has none, or the page gives none).
    category: str | None = None
    pairs: tuple[Pair, ...] = ()
    notes: tuple[NoteSection, ...] = ()
    examples: tuple[CodeBlock, ...] = ()
    links: tuple[Link, ...] = ()
    prose: tuple[Prose, ...] = ()
    unrecognised: tuple[Unrecognised, ...] = field(default=())
    #: The labels the page defines (rst ``.. _name:``), so that links to it keep working.
    labels: tuple[str, ...] = ()
    #: Headings of sections that hold notes (``参数差异``, ``使用差异``): their words only.
    sections: tuple[Prose, ...] = ()

    def mentioned(self) -> set[str]:
        """Every parameter name a row or a note's heading names."""
        names = {n for pair in self.pairs for row in pair.rows for n in (*row.left, *row.right)}
        names.update(n for note in self.notes for n in note.parameters)
        return names
