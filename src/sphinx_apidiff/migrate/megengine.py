"""MegEngine's "X 差异对比" pages (reStructuredText with sphinx-panels cards).

Pure Python: no docutils, no Sphinx: the lines are read as the team writes them::

    .. _comparison-x:                      <- a label
    ===========
    X 差异对比                              <- title (over- and underlined)
    ===========
    .. panels::                            <- two cards separated by "---", each:
      torch.nn.X                           <-   the API, underlined with ^
      ^^^^^^^^^^
      .. code-block:: python               <-   its printed signature
         torch.nn.X(a, b=1)
      更多请查看 :py:class:`torch.nn.X`.    <-   its link
    参数差异 / 使用差异 / 功能差异           <- sections (underlined with -)
    --------
    name                                   <- a note per parameter (underlined with ~)
    ~~~~
    .. code-block:: python                 <- examples (".. code-block:::" is invisible)

Admonitions, warnings, notes and math are kept in the note (or as a note of their own);
other directives are reported as not recognised.
"""

from __future__ import annotations

import re

from .common import PageParts, example, heading_parameters
from .model import (
    Link,
    NoteSection,
    Page,
    Pair,
    PrintedSignature,
    Prose,
    Side,
    Unrecognised,
)
from .printed import read_printed

__all__ = ["read_megengine"]

_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+.:_])\1{2,}\s*$")
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:-]+?)(::+)\s*(.*)$")
_LABEL = re.compile(r"^\s*\.\.\s+_([^:]+):\s*$")
_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|obj|mod|ref|doc):`~?([^`]*)`")
_TITLE = re.compile(r"^(.*?)\s*差异对比\s*$")
#: Directives whose content is prose the reader keeps in the note it sits in.
_NOTE_DIRECTIVES = {
    "admonition",
    "note",
    "warning",
    "tip",
    "important",
    "attention",
    "caution",
    "seealso",
    "hint",
    "math",
    "danger",
    "error",
}
_CODE_DIRECTIVES = {"code-block", "code", "sourcecode"}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip()) if line.strip() else 1 << 30


def _body(lines: list[str], start: int, base: int) -> int:
    """The index after the indented body of a directive at ``start`` indented ``base``."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
        end += 1
    return end


def _dedent(lines: list[str]) -> list[str]:
    width = min((_indent(ln) for ln in lines if ln.strip()), default=0)
    out = [ln[width:] if ln.strip() else "" for ln in lines]
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


class _Reader(PageParts):
    def __init__(self, path: str, text: str) -> None:
        super().__init__(path)
        self.lines = text.replace("\t", "        ").splitlines()
        self.sides: list[Side] = []
        self.levels: list[str] = []
        self.labels: list[str] = []
        self.sections: list[Prose] = []
        #: each note's body, by its heading's line: (first index, index after it)
        self.spans: dict[int, tuple[int, int]] = {}

    def read(self) -> Page:
        lines = self.lines
        title, title_line, title_api = "", 0, None
        note: tuple[str, int, list[str]] | None = None
        i = 0
        while i < len(lines):
            line = lines[i]
            label = _LABEL.match(line)
            if label:
                self.labels.append(label.group(1).strip())
            if not line.strip() or label:
                i += 1
                continue
            # a section title: text underlined (and maybe overlined)
            if i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1]) and not _UNDERLINE.match(line):
                over = i > 0 and _UNDERLINE.match(lines[i - 1]) is not None
                self._close(note, i - 1 if over else i)
                char = lines[i + 1].strip()[0] + ("o" if over else "")
                if char not in self.levels:
                    self.levels.append(char)
                level = self.levels.index(char)
                text = line.strip()
                if not title:
                    title, title_line = text, i + 1
                    m = _TITLE.match(text)
                    title_api = m.group(1) if m else None
                    if not m:
                        self.unrecognised.append(Unrecognised("title", i + 1, text))
                    note = None
                elif level >= 2:  # under 参数差异 & co: a note per parameter
                    note = (text, i + 1, [])
                    self.notes.append(note)
                    self.spans[i + 1] = (i + 2, len(lines))
                else:
                    self.sections.append(Prose(text, i + 1))
                    note = None
                i += 2
                continue
            if _UNDERLINE.match(line):
                i += 1
                continue
            directive = _DIRECTIVE.match(line)
            if directive:
                i = self._directive(i, directive, note)
                continue
            # a paragraph
            start = i
            para = []
            while i < len(lines) and lines[i].strip() and not _DIRECTIVE.match(lines[i]):
                if i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1]) and para:
                    break
                if i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1]) and not para:
                    break
                para.append(lines[i].strip())
                i += 1
            if not para:  # a title line follows: handled on the next turn
                continue
            text = "\n".join(para)
            self._roles(text, start + 1)
            self.prose.append(Prose(text, start + 1))
            if note is not None:
                note[2].append(text)
        self._close(note, len(lines))
        return self._page(title, title_line, title_api)

    def _close(self, note, end: int) -> None:
        """The open note's body ends before index ``end``."""
        if note is not None:
            self.spans[note[1]] = (self.spans[note[1]][0], end)

    def _roles(self, text: str, line: int) -> None:
        for offset, row in enumerate(text.splitlines()):
            for m in _ROLE.finditer(row):
                self.links.append(Link(m.group(1), m.group(0).split("`")[0], line + offset))

    def _directive(self, i: int, m: re.Match[str], note) -> int:
        lines = self.lines
        base, name, colons, argument = len(m.group(1)), m.group(2).lower(), m.group(3), m.group(4)
        end = _body(lines, i, base)
        if name == "panels":
            self._panels(i, end, base)
            return end
        if name in _CODE_DIRECTIVES:
            self._code(i, end, argument, colons, note)
            return end
        if name in _NOTE_DIRECTIVES:
            body = lines[i + 1 : end]
            # a code block inside an admonition is an example under it
            heading = argument.strip() or name
            text_lines = []
            k = 0
            while k < len(body):
                inner = _DIRECTIVE.match(body[k])
                if inner and inner.group(2).lower() in _CODE_DIRECTIVES:
                    stop = _body(body, k, len(inner.group(1)))
                    self._code(
                        i + 1 + k,
                        i + 1 + stop,
                        inner.group(4),
                        inner.group(3),
                        (heading, i + 1, []),
                    )
                    k = stop
                    continue
                if body[k].strip().startswith(":") and not text_lines:
                    k += 1  # a directive option (":class: warning")
                    continue
                text_lines.append(body[k])
                k += 1
            text = "\n".join(_dedent(text_lines))
            self._roles(text, i + 2)
            inner = "\n".join(f"   {ln}" if ln.strip() else "" for ln in text.splitlines())
            block = f".. {name}:: {argument}".rstrip() + ("\n\n" + inner if text else "")
            if note is not None:
                note[2].append(block)
            else:
                self.notes.append((heading, i + 1, [text]))
                first = i + 1
                while first < end and (
                    not lines[first].strip() or lines[first].strip().startswith(":")
                ):
                    first += 1  # blank lines and options: not the body
                self.spans[i + 1] = (first, end)
            return end
        source = "\n".join(_dedent(lines[i:end]))
        self.unrecognised.append(Unrecognised(f"directive:{name}", i + 1, lines[i].strip(), source))
        return end

    def _code(self, i: int, end: int, argument: str, colons: str, note) -> None:
        body = self.lines[i + 1 : end]
        options = 0
        while options < len(body) and body[options].strip().startswith(":"):
            options += 1
        code = _dedent(body[options:])
        first = i + 2 + options
        while first - i - 2 < len(body) and not self.lines[first - 1].strip():
            first += 1
        problem = ""
        if colons != "::":
            problem = f"'.. code-block{colons}' is not a directive: the block is not shown"
        heading, heading_line = (note[0], note[1]) if note is not None else (None, 0)
        language = argument.strip().split()[0].lower() if argument.strip() else ""
        self.examples.append(
            example(code, language, first, "megengine", heading, heading_line, problem)
        )

    def _panels(self, start: int, end: int, base: int) -> None:
        body = list(range(start + 1, end))
        cards: list[list[int]] = [[]]
        for k in body:
            if self.lines[k].strip() == "---":
                cards.append([])
            else:
                cards[-1].append(k)
        for card in cards:
            rows = [k for k in card if self.lines[k].strip()]
            if not rows:
                continue
            api_line = rows[0]
            api = self.lines[api_line].strip()
            signature = None
            k = 1
            while k < len(rows):
                idx = rows[k]
                text = self.lines[idx]
                directive = _DIRECTIVE.match(text)
                if directive and directive.group(2).lower() in _CODE_DIRECTIVES:
                    stop = _body(self.lines, idx, len(directive.group(1)))
                    code_rows = [j for j in range(idx + 1, stop) if self.lines[j].strip()]
                    if code_rows and signature is None:
                        first = code_rows[0]
                        signature = PrintedSignature(
                            tuple(_dedent(self.lines[first:stop])), first + 1
                        )
                    k = next((n for n, r in enumerate(rows) if r >= stop), len(rows))
                    continue
                if _UNDERLINE.match(text.strip()):
                    k += 1
                    continue
                self._roles(text.strip(), idx + 1)
                if not _ROLE.search(text):
                    self.prose.append(Prose(text.strip(), idx + 1))
                k += 1
            self.sides.append(Side(api, api_line + 1, None, signature))

    def _page(self, title: str, title_line: int, title_api: str | None) -> Page:
        pairs: tuple[Pair, ...] = ()
        if self.sides:
            pairs = (Pair(self.sides[0], self.sides[1] if len(self.sides) > 1 else None),)
        for extra in self.sides[2:]:
            self.unrecognised.append(Unrecognised("third-card", extra.line, extra.api))
        known: set[str] = set()
        for side in self.sides:
            if side.signature is not None:
                reading = read_printed(side.signature)
                known.update(p.name for sig in reading.overloads for p in sig.parameters)
        notes = []
        for heading, line, texts in self.notes:
            named = heading_parameters(heading, known)
            if not named:  # a misspelt name is still the name the heading gives
                first = re.match(r"^`*([A-Za-z_]\w*)`*(?:\s*参数)?\s*$", heading)
                named = (first.group(1),) if first else ()
            start, stop = self.spans.get(line, (0, 0))
            body = _dedent(self.lines[start:stop])
            filled = [k for k in range(start, stop) if self.lines[k].strip()]
            last = filled[-1] + 1 if filled else line
            notes.append(
                NoteSection(heading, line, "\n\n".join(texts), named, "\n".join(body), last)
            )
        return self.page(
            "megengine",
            title=title,
            title_line=title_line,
            title_api=title_api,
            pairs=pairs,
            notes=tuple(notes),
            labels=tuple(self.labels),
            sections=tuple(self.sections),
        )


def read_megengine(text: str, path: str = "") -> Page:
    """Read one MegEngine comparison page."""
    return _Reader(path, text).read()
