"""A MegEngine page, as read, written again as a reStructuredText page with ``apidiff``
directives.

Pure Python: no docutils, no Sphinx. The decisions are :mod:`.convert`'s and
:mod:`.sections`'s (which note holds what, the renames, the category), the spelling
:mod:`.syntax`'s; what is MegEngine's own:

- the page keeps its labels (``.. _comparison-x:``) and its title as written, so that links to
  it keep working;
- the two cards become one ``apidiff`` directive; the printed signatures are not copied;
- each section under 参数差异 / 使用差异 / 功能差异 is carried over *as written*, in order
  (paragraphs, admonitions, math, code) as the note of the parameters its heading names, or
  as a general note titled with its heading; the section headings themselves are the
  layout's to write (``apidiff_layout = "megengine"`` writes the team's);
- an example whose ``.. code-block:::`` had three colons (invisible on the team's site) is
  written with two (shown, not run), and one that is not Python is not highlighted as Python;
- every other example is what :mod:`.examples` judges it, as on a Markdown page: one that can
  run is an ``apidiff-example`` (its halves: two) *where it was written*, in its section's
  note or admonition at its indentation (:func:`executed`), or after the comparison
  (:meth:`~.convert.PairWriter.example`); a fragment stays the code block it was;
- a page with no cards keeps its sections as admonitions; prose and examples outside the
  sections follow the comparison in page order; a directive the reader does not know is
  kept as a literal block, never dropped.

Every part's fate is in :attr:`~.convert.Converted.parts`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .convert import Converted, PairWriter, language_of
from .examples import Fate, classify, page_packages
from .model import CodeBlock, NoteSection, Page
from .syntax import RST

__all__ = ["convert_rst"]

_CODE = re.compile(r"^(\s*)\.\.\s+(code-block|code|sourcecode)(::+)\s*(.*)$", re.IGNORECASE)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip()) if line.strip() else 1 << 30


def _code_directives(lines: list[str]):
    """Each code directive of ``lines`` (not those shown inside another's code), as
    ``(index, match, end, options, code)``: its body ends before ``end``, ``options`` are its
    leading option lines, ``code`` its code as the reader reads it (dedented, without the
    blank lines around it)."""
    i = 0
    while i < len(lines):
        m = _CODE.match(lines[i])
        if not m:
            i += 1
            continue
        base = len(m.group(1))
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
            end += 1
        body = lines[i + 1 : end]
        count = 0
        while count < len(body) and body[count].strip().startswith(":"):
            count += 1
        code = body[count:]
        width = min((_indent(ln) for ln in code if ln.strip()), default=0)
        text = "\n".join(ln[width:] if ln.strip() else "" for ln in code).strip("\n")
        yield i, m, end, [ln.strip() for ln in body[:count]], text
        i = end


def verbatim(source: str) -> str:
    """``source`` with every code block shown: ``.. code-block:::`` gets two colons, and a
    Python block that does not parse is marked ``text`` (kept, not highlighted)."""
    lines = source.splitlines()
    out = list(lines)
    for i, m, _end, _options, code in _code_directives(lines):
        words = m.group(4).split()
        language = words[0].lower() if words else ""
        shown = language_of(CodeBlock(code, language, 0))
        if language and shown != language:
            words[0] = shown
        out[i] = f"{m.group(1)}.. {m.group(2)}:: {' '.join(words)}".rstrip()
    return "\n".join(out)


def executed(source: str, blocks: list[CodeBlock], fates: dict[int, Fate]) -> str:
    """``source`` (a note's, as written) with each of ``blocks`` (the examples the reader
    found in it, in order) that can run written as its ``apidiff-example`` directives, where
    its code block was, at its indentation; ``fates``: each block's, by its line (a block
    whose code block is not found stays as written, and its fate says so). A block's
    ``:caption:`` is kept; the other options of a code block only change how it is shown."""
    lines = source.splitlines()
    pending = list(blocks)
    written: list[tuple[int, int, list[str]]] = []
    for i, m, end, options, code in _code_directives(lines):
        found = next((k for k, block in enumerate(pending) if block.code == code), None)
        if found is None:
            continue  # a code block the reader did not take for an example
        fate = fates[pending.pop(found).line]
        if not fate.units:
            continue
        caption = [o.split(":", 2)[2].strip() for o in options if o.startswith(":caption:")]
        extra = [("caption", caption[0])] if caption and len(fate.units) == 1 else []
        text: list[str] = []
        for unit in fate.units:
            text += ["", *RST.example([*unit.options(), *extra], unit.text)]
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1  # the blank lines after the block stay
        indent = m.group(1)
        written.append((i, end, [f"{indent}{ln}" if ln else "" for ln in text[1:]]))
    for i, end, block in reversed(written):
        lines[i:end] = block
    for block in pending:
        if fates[block.line].units:
            fates[block.line] = Fate("plain-block", "kept as written: not found in its note")
    return "\n".join(lines)


def _section_of(line: int, notes: tuple[NoteSection, ...]) -> NoteSection | None:
    return next((n for n in notes if n.line < line <= n.end), None)


def convert_rst(page: Page, live: Callable[[str], set[str] | None]) -> Converted:
    """The rst page for ``page`` (MegEngine's format). ``live(path)``: the parameter names
    the build will read for an API, None where it cannot (not installed)."""
    packages = page_packages(page)
    fates = {block.line: classify(block, packages) for block in page.examples}
    inside: dict[int, list[CodeBlock]] = {}  # a note's line -> the examples in it
    for block in page.examples:
        section = _section_of(block.line, page.notes)
        if section is not None:
            inside.setdefault(section.line, []).append(block)
    notes = tuple(
        NoteSection(
            n.heading,
            n.line,
            n.text,
            n.parameters,
            executed(verbatim(n.source), inside.get(n.line, []), fates),
            n.end,
        )
        for n in page.notes
    )
    pair = next((p for p in page.pairs if p.right is not None and p.right.api), None)
    writer = PairWriter(page, live, RST, notes if pair is not None else ())
    lines: list[str] = []
    for label in page.labels:
        lines += [*RST.label(label), ""]
    lines += [*RST.title(page.title or page.title_api or page.path), ""]
    writer.part("title", page.title_line, "title")
    for heading in page.sections:
        writer.part("heading", heading.line, "layout-heading", reason="the layout writes its own")
    if pair is not None:
        lines += writer.pair(pair, [], 0)
        writer.part(
            "comparison", pair.left.line, "apidiff", left=pair.left.api, right=pair.right.api
        )
    else:
        for side in page.pairs:  # one card: no counterpart API to compare with
            if side.left.signature is not None:
                lines += [*RST.code("python", side.left.signature.text), ""]
            writer.part("comparison", side.left.line, "plain-block", reason="no counterpart API")
        for note in notes:
            lines += [*RST.directive("admonition", note.heading, (), note.source.splitlines()), ""]
            writer.part("note-section", note.line, "admonition", reason="no comparison")
    # what sits in a section went with it; the rest follows in page order
    tail: list[tuple[int, list[str]]] = []
    for block in page.examples:
        section = _section_of(block.line, notes)
        fixed = {"fixed": block.problem} if block.problem else {}
        if section is None:  # after the comparison, as on a Markdown page
            tail.append((block.line, writer.example(block, fixed).splitlines()))
            continue
        owner = [
            p for p in writer.parts if p["kind"] == "note-section" and p["line"] == section.line
        ]
        fate = owner[0] if owner else {"became": "admonition"}
        # the note it is in (the parameter's, or the heading of a general note or admonition)
        if "parameter" in fate:
            where = {"note": fate["parameter"], "parameter": fate["parameter"]}
        else:
            where = {"note": section.heading}
        writer.part("example", block.line, **where, **fixed, **fates[block.line].report())
    for prose in page.prose:
        if _section_of(prose.line, notes) is not None:
            writer.part("prose", prose.line, "in-note")
        else:
            tail.append((prose.line, prose.text.splitlines()))
            writer.part("prose", prose.line, "paragraph")
    for item in page.unrecognised:
        if _section_of(item.line, notes) is not None:
            writer.part(item.kind, item.line, "in-note", reason="not recognised; kept as written")
        elif item.source:
            tail.append((item.line, RST.code("rst", item.source)))
            writer.part(item.kind, item.line, "plain-block", reason="not recognised")
        else:
            writer.part(item.kind, item.line, "reported", reason="not recognised")
    for _line, block in sorted(tail, key=lambda t: t[0]):
        lines += [*block, ""]
    return Converted("\n".join(lines).rstrip("\n") + "\n", writer.parts)
