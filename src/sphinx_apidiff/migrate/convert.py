"""A hand-written page, as read, written again as a MyST page with ``apidiff`` directives.

Pure Python: no docutils, no Sphinx. For the Markdown formats (PaddlePaddle, MindSpore):

- each comparison becomes an ``apidiff`` directive of its two APIs; the pairing the human
  wrote in the table becomes an explicit ``:rename:`` (groups for ``a | b, c`` rows, ``name=``
  for ``-``), for the names the side's signature has; the printed signatures are *not*
  copied (the build reads the sides live, or from the snapshot; the audit compares the text);
- each row's note becomes an ``apidiff-note`` on its parameter (rows of one parameter are one
  note); a row naming a parameter no signature has, a return-value row and a note section
  become general notes, so that the build does not warn about them;
- the human category is kept (``:category:``) where a signature cannot show it;
- every example is kept verbatim as a plain code block (never run): under the note of the
  parameter its heading names, or after the comparison;
- prose is kept after the comparison; a page with no counterpart API keeps its printed
  signature as a plain block.

Every part's fate is in the report (:attr:`Converted.parts`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from .common import heading_parameters
from .model import CodeBlock, MappingRow, Page, Pair, Side
from .paddle import CATEGORIES as PADDLE_CATEGORIES
from .printed import read_printed

__all__ = ["Converted", "convert_markdown"]

#: Categories a signature shows: not kept as ``:category:`` (the build computes them).
_SHOWN = {
    "no-parameters",
    "identical",
    "names-differ",
    "right-has-more",
    "defaults-differ",
    "left-has-more",
}


@dataclass
class Converted:
    text: str
    parts: list[dict] = field(default_factory=list)


def _fence(info: str, body: str, depth: int) -> list[str]:
    ticks = "`" * (3 + depth)
    return [f"{ticks}{info}", *body.splitlines(), ticks]


def language_of(block: CodeBlock) -> str:
    """The block's language as written; ``text`` for none, and for a Python block that does
    not parse (prose in the code, a full-width comma): it is kept, not highlighted."""
    language = block.language or "text"
    if language in ("python", "python3", "py"):
        try:
            ast.parse(block.code)
        except (SyntaxError, ValueError):
            return "text"
    return language


def _code(block: CodeBlock, depth: int = 0) -> list[str]:
    return _fence(language_of(block), block.code, depth)


class _Writer:
    def __init__(self, page: Page, live: Callable[[str], set[str] | None]) -> None:
        self.page = page
        self.live = live
        self.parts: list[dict] = []

    def part(self, kind: str, line: int, became: str, **more) -> None:
        self.parts.append({"kind": kind, "line": line, "became": became, **more})

    def names(self, side: Side) -> set[str] | None:
        """The parameter names of ``side``: the library's where it is installed (what the
        build reads), else the page's printed signature's (the build cannot compare that side
        here, and checks no name), else None (unknown)."""
        live = self.live(side.api)
        if live is not None:
            return live
        if side.signature is None:
            return None
        reading = read_printed(side.signature)
        if not reading.overloads:
            return None
        return {p.name for sig in reading.overloads for p in sig.parameters}

    def pair(self, pair: Pair, examples: list[CodeBlock], depth: int) -> list[str]:
        assert pair.right is not None
        lnames = self.names(pair.left)
        rnames = self.names(pair.right)
        both = lnames is not None and rnames is not None
        rename: list[str] = []
        notes: dict[str, list[str]] = {}  # note title -> paragraphs / blocks
        general: dict[str, list[str]] = {}
        owner: dict[str, str] = {}  # parameter name -> the note that holds it
        for row in pair.rows:
            self._row(row, lnames, rnames, both, rename, notes, general, owner)
        for block in examples:
            known = set(owner)
            named = heading_parameters(block.heading or "", known)
            if named and block.heading:
                target = owner[named[0]]
                notes[target].append(f"**{block.heading}**")
                notes[target].append("\n".join(_code(block)))
                self.part("example", block.line, "note-example", parameter=named[0])
            else:
                general.setdefault("", []).append(
                    (f"**{block.heading}**\n\n" if block.heading else "") + "\n".join(_code(block))
                )
                self.part("example", block.line, "plain-block")
        outer = "`" * (5 + depth)
        lines = [f"{outer}{{apidiff}} {pair.left.api} {pair.right.api}"]
        if rename:
            lines.append(f":rename: {', '.join(rename)}")
        category = self._category()
        if category:
            lines.append(f":category: {category}")
        lines.append("")
        for title, body in notes.items():
            lines += [
                "````{apidiff-note} " + title,
                "",
                *"\n\n".join(body).splitlines(),
                "````",
                "",
            ]
        for title, body in general.items():
            if not title:
                continue
            lines += [
                "````{apidiff-note} " + title,
                ":general:",
                "",
                *"\n\n".join(body).splitlines(),
                "````",
                "",
            ]
        lines.append(outer)
        lines.append("")
        for extra in general.get("", []):
            lines += [extra, ""]
        return lines

    def _row(self, row: MappingRow, lnames, rnames, both, rename, notes, general, owner) -> None:
        text = row.note.strip()
        if row.group != "parameter" or not (row.left or row.right):
            title = " | ".join(c for c in (row.left_cell, row.right_cell) if c) or row.group
            general.setdefault(title, []).append(text)
            self.part("row", row.line, "general-note", reason=f"a {row.group} row")
            return
        lok = [n for n in row.left if lnames is not None and n in lnames]
        rok = [n for n in row.right if rnames is not None and n in rnames]
        placed = both and len(lok) == len(row.left) and len(rok) == len(row.right)
        if not placed:
            title = f"{row.left_cell or '-'} → {row.right_cell or '-'}"
            general.setdefault(title, []).append(text)
            why = "a side's names are unknown" if not both else "a name no signature has"
            self.part("row", row.line, "general-note", reason=why)
            return
        if len(lok) == 1 and len(rok) <= 1 and lok[0] != (rok[0] if rok else None):
            rename.append(f"{lok[0]}={rok[0] if rok else ''}")
        elif len(lok) > 1 or len(rok) > 1:
            rename.append(f"{' '.join(lok)}={' '.join(rok)}")
        elif not lok and rok:
            rename.append(f"={rok[0]}")
        names = lok or rok
        key = next((owner[n] for n in names if n in owner), names[0])
        for n in (*lok, *rok):
            owner.setdefault(n, key)
        notes.setdefault(key, []).append(text)
        self.part("row", row.line, "note", parameter=key)

    def _category(self) -> str | None:
        said = self.page.category
        if said is None:
            return None
        code = PADDLE_CATEGORIES.get(said, "unknown") if self.page.format == "paddle" else None
        if code in _SHOWN:
            return None
        return said


def convert_markdown(page: Page, live: Callable[[str], set[str] | None]) -> Converted:
    """The MyST page for ``page``. ``live(path)``: the parameter names the build will read
    for an API, None where it cannot (not installed)."""
    writer = _Writer(page, live)
    lines = [f"# {page.title_api or page.title or page.path}", ""]
    comparable = [p for p in page.pairs if p.right is not None and p.right.api]
    several = len(comparable) > 1
    examples = list(page.examples)
    per_pair: dict[int, list[CodeBlock]] = {}
    for block in examples:
        # an example belongs to the comparison above it
        index = max((i for i, p in enumerate(page.pairs) if p.left.line < block.line), default=0)
        per_pair.setdefault(index, []).append(block)
    for i, pair in enumerate(page.pairs):
        if pair.right is not None and pair.right.api:
            if several:
                lines += [f"## {pair.left.api} → {pair.right.api}", ""]
            lines += writer.pair(pair, per_pair.get(i, []), 0)
            writer.part(
                "comparison", pair.left.line, "apidiff", left=pair.left.api, right=pair.right.api
            )
        else:
            if pair.left.signature is not None:
                lines += [*_fence("python", pair.left.signature.text, 0), ""]
            writer.part("comparison", pair.left.line, "plain-block", reason="no counterpart API")
            for block in per_pair.get(i, []):
                lines += [f"**{block.heading}**", ""] if block.heading else []
                lines += [*_code(block), ""]
                writer.part("example", block.line, "plain-block")
            for row in pair.rows:
                lines += [f"- {row.left_cell or '-'} → {row.right_cell or '-'}: {row.note.strip()}"]
                writer.part("row", row.line, "plain-block", reason="no counterpart API")
            lines.append("")
    for prose in page.prose:
        lines += [prose.text, ""]
        writer.part("prose", prose.line, "paragraph")
    for note in page.notes:
        writer.part("note-section", note.line, "paragraph")
    for item in page.unrecognised:
        if item.source:  # a block of its own (a table that is no mapping): kept as written
            lines += [item.source, ""]
            writer.part(item.kind, item.line, "plain-block", reason="not recognised")
        else:
            writer.part(item.kind, item.line, "reported", reason="not recognised")
    return Converted("\n".join(lines).rstrip("\n") + "\n", writer.parts)
