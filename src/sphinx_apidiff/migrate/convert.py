"""A hand-written page, as read, written again as a MyST page with ``apidiff`` directives.

Pure Python: no docutils, no Sphinx. For the Markdown formats (PaddlePaddle, MindSpore):

- each comparison becomes an ``apidiff`` directive of its two APIs; the pairing the human
  wrote in the table becomes an explicit ``:rename:`` (groups for ``a | b, c`` rows, ``name=``
  for ``-``), for the names the side's signature has; the printed signatures are *not*
  copied (the build reads the sides live, or from the snapshot; the audit compares the text);
- each row's note becomes an ``apidiff-note`` on its parameter (rows of one parameter are one
  note); a row none of whose names a signature has, a return-value row and a note section
  become general notes, so that the build does not warn about them (a row with some of its
  names lacking is a note on the others, without a rename; a method's ``self`` row is a
  note on the parameter the engine pairs with the instance);
- the human category is kept (``:category:``) where a signature cannot show it;
- every example is kept verbatim (:mod:`.examples` decides what it becomes): one that can run
  is an ``apidiff-example`` with ``:requires:``, the two halves of a "PyTorch / Paddle" block
  are two (``:side: left``, ``:side: right``), a fragment stays a plain code block; each goes
  under the note of the row its heading names (a parameter's, or the general note a row
  became), or after the comparison;
- prose is kept: what introduces a comparison's table before the comparison, the rest after
  it; a page with no counterpart API keeps its printed
  signature as a plain block.

Every part's fate is in the report (:attr:`Converted.parts`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from .common import on_instance
from .examples import Fate, classify, heading_keys, page_packages
from .model import CodeBlock, MappingRow, NoteSection, Page, Pair, Side
from .paddle import CATEGORIES as PADDLE_CATEGORIES
from .printed import read_printed, written_names
from .sections import place_section
from .syntax import MYST, Syntax

__all__ = ["Converted", "PairWriter", "convert_markdown", "language_of"]

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


def _code(block: CodeBlock, syntax: Syntax = MYST) -> list[str]:
    return syntax.code(language_of(block), block.code)


def _example(block: CodeBlock, fate: Fate, syntax: Syntax = MYST) -> str:
    """The block as :mod:`.examples` judged it: ``apidiff-example`` directives (the added
    imports before the code as written), or the plain code block."""
    if not fate.units:
        return "\n".join(_code(block, syntax))
    out: list[str] = []
    for unit in fate.units:
        out += [*syntax.example(unit.options(), unit.text), ""]
    return "\n".join(out).rstrip("\n")


class PairWriter:
    """Each comparison of ``page`` written in ``syntax``, with the fate of every part;
    ``sections``: the page's note sections that become notes (:mod:`.sections`)."""

    def __init__(
        self,
        page: Page,
        live: Callable[[str], set[str] | None],
        syntax: Syntax = MYST,
        sections: tuple[NoteSection, ...] = (),
    ) -> None:
        self.page = page
        self.live = live
        self.syntax = syntax
        self.sections = sections
        self.parts: list[dict] = []
        #: The top-level packages of the page's APIs: the imports its examples imply.
        self.packages = page_packages(page)

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
            return written_names(side.signature) or None  # a typo the parser stops at
        return {p.name for sig in reading.overloads for p in sig.parameters}

    def example(self, block: CodeBlock, placed: dict | None = None) -> str:
        """The block's text (its heading, then the example or plain block), its fate in the
        report (``placed``: where it went)."""
        fate = classify(block, self.packages)
        self.part("example", block.line, **(placed or {}), **fate.report())
        heading = f"{self.syntax.strong(block.heading)}\n\n" if block.heading else ""
        return heading + _example(block, fate, self.syntax)

    def pair(self, pair: Pair, examples: list[CodeBlock], depth: int) -> list[str]:
        assert pair.right is not None
        lnames = self.names(pair.left)
        rnames = self.names(pair.right)
        both = lnames is not None and rnames is not None
        rename: list[str] = []
        notes: dict[str, list[str]] = {}  # note title -> paragraphs / blocks
        general: dict[str, list[str]] = {}
        owner: dict[str, str] = {}  # parameter name -> the note that holds it
        rows_general: dict[str, str] = {}  # a name or cell of a row -> its general note
        instance = on_instance(pair.left.api) and "self" not in (lnames or ())
        for row in pair.rows:
            title = self._row(row, lnames, rnames, both, rename, notes, general, owner, instance)
            for key in (*row.left, *row.right, row.left_cell, row.right_cell) if title else ():
                rows_general.setdefault(key, title)
        for section in self.sections:
            self._section(section, lnames, rnames, rename, notes, general, owner)
        for block in examples:
            keys = heading_keys(block.heading or "")
            name = next((k for k in keys if k in owner), None)
            if name is not None:
                placed = {"note": owner[name], "parameter": name}
                notes[owner[name]].append(self.example(block, placed))
                continue
            title = next((rows_general[k] for k in keys if k in rows_general), None)
            if title is not None:
                general[title].append(self.example(block, {"note": title}))
            else:
                general.setdefault("", []).append(self.example(block))
        options = [("rename", ", ".join(rename))] if rename else []
        category = self._category()
        if category:
            options.append(("category", category))
        note = self.syntax.directive
        body: list[str] = []
        for title, texts in notes.items():
            body += [*note("apidiff-note", title, (), "\n\n".join(texts).splitlines()), ""]
        for title, texts in general.items():
            if title:
                flag = [("general", "")]
                body += [*note("apidiff-note", title, flag, "\n\n".join(texts).splitlines()), ""]
        arguments = f"{pair.left.api} {pair.right.api}"
        lines = [*note("apidiff", arguments, options, body, holds=1 + depth), ""]
        for extra in general.get("", []):
            lines += [extra, ""]
        return lines

    def _row(
        self, row: MappingRow, lnames, rnames, both, rename, notes, general, owner, instance=False
    ) -> str | None:
        """Write ``row`` as a note on its parameter, or as a general note (its title is
        returned). ``instance``: the left is a method, whose ``self`` row is the instance (the
        engine pairs it with the right's first parameter: the note goes there, no rename)."""
        text = row.note.strip()
        if row.group != "parameter" or not (row.left or row.right):
            title = " | ".join(c for c in (row.left_cell, row.right_cell) if c) or row.group
            general.setdefault(title, []).append(text)
            self.part("row", row.line, "general-note", reason=f"a {row.group} row")
            return title
        left = tuple(n for n in row.left if not (instance and n == "self"))
        lok = [n for n in left if lnames is not None and n in lnames]
        rok = [n for n in row.right if rnames is not None and n in rnames]
        lacking = [n for n in left if n not in lok] + [n for n in row.right if n not in rok]
        if not both or not (lok or rok):
            title = f"{row.left_cell or '-'} → {row.right_cell or '-'}"
            general.setdefault(title, []).append(text)
            why = "a side's names are unknown" if not both else "a name no signature has"
            self.part("row", row.line, "general-note", reason=why)
            return title
        more: dict = {}
        if lacking:
            # the note goes on the names the signatures have, and no rename: the pair the page
            # writes is not in the signatures (often another name for the same parameter, which
            # the engine pairs itself); the audit reports the name
            more["reason"] = f"{', '.join(lacking)}: a name no signature has"
        elif len(left) != len(row.left):  # the engine pairs the instance itself
            more["reason"] = "self: the instance of the method"
        elif len(lok) == 1 and len(rok) <= 1 and lok[0] != (rok[0] if rok else None):
            rename.append(f"{lok[0]}={rok[0] if rok else ''}")
        elif len(lok) > 1 or len(rok) > 1:
            rename.append(f"{' '.join(lok)}={' '.join(rok)}")
        elif not lok and rok:
            rename.append(f"={rok[0]}")
        names = lok or rok
        key = next((owner[n] for n in names if n in owner), names[0])
        for n in (*lok, *rok, *row.left, *row.right):  # a heading may name any of them
            owner.setdefault(n, key)
        notes.setdefault(key, []).append(text)
        self.part("row", row.line, "note", parameter=key, **more)
        return None

    def _section(self, section, lnames, rnames, rename, notes, general, owner) -> None:
        text = section.source or section.text
        place = place_section(section, lnames, rnames)
        if not place.names:
            general.setdefault(section.heading, []).append(text)
            self.part("note-section", section.line, "general-note", reason=place.reason)
            return
        if place.rename:
            rename.append(place.rename)
        key = next((owner[n] for n in place.names if n in owner), " ".join(place.names))
        for n in place.names:
            owner.setdefault(n, key)
        notes.setdefault(key, []).append(text)
        self.part("note-section", section.line, "note", parameter=key)

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
    writer = PairWriter(page, live)
    lines = [f"# {page.title_api or page.title or page.path}", ""]
    comparable = [p for p in page.pairs if p.right is not None and p.right.api]
    several = len(comparable) > 1
    examples = list(page.examples)
    per_pair: dict[int, list[CodeBlock]] = {}
    for block in examples:
        # an example belongs to the comparison above it
        index = max((i for i, p in enumerate(page.pairs) if p.left.line < block.line), default=0)
        per_pair.setdefault(index, []).append(block)
    # prose between a comparison's heading and its table introduces the table ("两者的差异如
    # 下："): it goes before the comparison, not after it
    intro: dict[int, list] = {}
    for prose in page.prose:
        for i, pair in enumerate(page.pairs):
            comparable = pair.rows and pair.right is not None and pair.right.api
            if comparable and pair.left.line < prose.line < pair.rows[0].line:
                intro.setdefault(i, []).append(prose)
    introducing = {id(prose) for each in intro.values() for prose in each}
    for i, pair in enumerate(page.pairs):
        if pair.right is not None and pair.right.api:
            if several:
                lines += [f"## {pair.left.api} → {pair.right.api}", ""]
            for prose in intro.get(i, []):
                lines += [prose.text, ""]
                writer.part("prose", prose.line, "paragraph")
            lines += writer.pair(pair, per_pair.get(i, []), 0)
            writer.part(
                "comparison", pair.left.line, "apidiff", left=pair.left.api, right=pair.right.api
            )
        else:
            if pair.left.signature is not None:
                lines += [*MYST.code("python", pair.left.signature.text), ""]
            writer.part("comparison", pair.left.line, "plain-block", reason="no counterpart API")
            under: dict[int, list[CodeBlock]] = {}  # row index -> the examples it names
            for block in per_pair.get(i, []):
                keys = heading_keys(block.heading or "")
                at = next(
                    (
                        r
                        for k in keys
                        for r, row in enumerate(pair.rows)
                        if k in (*row.left, *row.right, row.left_cell, row.right_cell)
                    ),
                    None,
                )
                if at is None:
                    lines += [writer.example(block), ""]
                else:
                    under.setdefault(at, []).append(block)
            for r, row in enumerate(pair.rows):
                lines += [f"- {row.left_cell or '-'} → {row.right_cell or '-'}: {row.note.strip()}"]
                writer.part("row", row.line, "plain-block", reason="no counterpart API")
                for block in under.get(r, []):
                    title = f"{row.left_cell or '-'} → {row.right_cell or '-'}"
                    lines += ["", writer.example(block, {"note": title}), ""]
            lines.append("")
    for prose in page.prose:
        if id(prose) not in introducing:
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
