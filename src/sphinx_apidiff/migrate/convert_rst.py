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
  written with two, and one that is not Python is not highlighted as Python;
- a page with no cards keeps its sections as admonitions; prose and examples outside the
  sections follow the comparison in page order; a directive the reader does not know is
  kept as a literal block, never dropped.

Every part's fate is in :attr:`~.convert.Converted.parts`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .convert import Converted, PairWriter, language_of
from .model import CodeBlock, NoteSection, Page
from .syntax import RST

__all__ = ["convert_rst"]

_CODE = re.compile(r"^(\s*)\.\.\s+(code-block|code|sourcecode)(::+)\s*(.*)$", re.IGNORECASE)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip()) if line.strip() else 1 << 30


def verbatim(source: str) -> str:
    """``source`` with every code block shown: ``.. code-block:::`` gets two colons, and a
    Python block that does not parse is marked ``text`` (kept, not highlighted)."""
    lines = source.splitlines()
    out = list(lines)
    for i, line in enumerate(lines):
        m = _CODE.match(line)
        if not m:
            continue
        base = len(m.group(1))
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
            end += 1
        body = [ln for ln in lines[i + 1 : end] if not ln.strip().startswith(":")]
        width = min((_indent(ln) for ln in body if ln.strip()), default=0)
        code = "\n".join(ln[width:] for ln in body).strip("\n")
        words = m.group(4).split()
        language = words[0].lower() if words else ""
        shown = language_of(CodeBlock(code, language, 0))
        if language and shown != language:
            words[0] = shown
        out[i] = f"{m.group(1)}.. {m.group(2)}:: {' '.join(words)}".rstrip()
    return "\n".join(out)


def _section_of(line: int, notes: tuple[NoteSection, ...]) -> NoteSection | None:
    return next((n for n in notes if n.line < line <= n.end), None)


def convert_rst(page: Page, live: Callable[[str], set[str] | None]) -> Converted:
    """The rst page for ``page`` (MegEngine's format). ``live(path)``: the parameter names
    the build will read for an API, None where it cannot (not installed)."""
    notes = tuple(
        NoteSection(n.heading, n.line, n.text, n.parameters, verbatim(n.source), n.end)
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
        if section is None:
            tail.append((block.line, RST.code(language_of(block), block.code)))
            writer.part("example", block.line, "plain-block", **fixed)
            continue
        owner = [
            p for p in writer.parts if p["kind"] == "note-section" and p["line"] == section.line
        ]
        fate = owner[0] if owner else {"became": "admonition"}
        where = {"parameter": fate["parameter"]} if "parameter" in fate else {}
        became = "note-example" if fate["became"] == "note" else f"{fate['became']}-example"
        writer.part("example", block.line, became, **where, **fixed)
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
