"""Markdown pages as a list of blocks (headings, fenced code, tables, paragraphs, quotes,
rules), each with its line: the common ground of the Markdown readers.

Pure Python: no docutils, no Sphinx. Only the block structure the comparison pages use is
read; inline markup stays in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Link

__all__ = ["Block", "blocks", "cell_names", "links_in", "plain"]

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?\s*$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]*)\)")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


@dataclass
class Block:
    """``kind``: ``heading`` (``level``, ``text``), ``fence`` (``info``, ``lines``, ``closed``),
    ``table`` (``rows``: (line, cells)), ``paragraph``, ``quote`` (``text``), ``rule``."""

    kind: str
    line: int
    text: str = ""
    level: int = 0
    info: str = ""
    lines: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    closed: bool = True


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def blocks(text: str) -> list[Block]:
    """The page's blocks in order."""
    out: list[Block] = []
    lines = text.splitlines()
    i = 0
    para: Block | None = None

    def end_para() -> None:
        nonlocal para
        if para is not None:
            out.append(para)
            para = None

    while i < len(lines):
        line = lines[i]
        number = i + 1
        fence = _FENCE.match(line)
        if fence:
            end_para()
            marker = fence.group(2)
            block = Block("fence", number, info=fence.group(3).lower(), closed=False)
            i += 1
            while i < len(lines):
                stripped = lines[i].strip()
                if stripped.startswith(marker[0] * len(marker)) and not stripped.strip(marker[0]):
                    block.closed = True
                    break
                block.lines.append(lines[i])
                i += 1
            out.append(block)
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            end_para()
            out.append(Block("heading", number, heading.group(2) or "", len(heading.group(1))))
            i += 1
            continue
        if _RULE.match(line):
            end_para()
            out.append(Block("rule", number))
            i += 1
            continue
        if line.strip().startswith("|"):
            end_para()
            block = Block("table", number)
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.rows.append((i + 1, _cells(lines[i])))
                block.lines.append(lines[i].strip())
                i += 1
            out.append(block)
            continue
        if line.lstrip().startswith(">"):
            end_para()
            block = Block("quote", number)
            texts = []
            while i < len(lines) and lines[i].lstrip().startswith(">"):
                texts.append(lines[i].lstrip()[1:].strip())
                i += 1
            block.text = "\n".join(texts)
            out.append(block)
            continue
        if not line.strip():
            end_para()
            i += 1
            continue
        if para is None:
            para = Block("paragraph", number, line.strip())
        else:
            para.text += "\n" + line.strip()
        i += 1
    end_para()
    return out


def plain(text: str) -> str:
    """Cell or heading text without HTML tags, backticks, emphasis and escapes."""
    text = _TAG.sub("", text)
    text = text.replace("\\_", "_").replace("`", "").replace("**", "")
    return text.strip()


def cell_names(cell: str) -> tuple[str, ...]:
    """The parameter names a table cell gives: ``-`` (or empty) is none; ``a, b`` and ``a、b``
    are two; a leading ``*``/``**`` is dropped (``*size`` is ``size``)."""
    text = plain(cell)
    if text in ("", "-", "—", "–", "无", "None"):
        return ()
    names = []
    for part in re.split(r"\s*[,，、/]\s*|\s+", text):
        part = part.strip().lstrip("*")
        if part:
            names.append(part)
    return tuple(names)


def links_in(text: str, line: int) -> list[Link]:
    """The ``[text](url)`` links of a block starting at ``line`` (each on its own line)."""
    found = []
    for offset, row in enumerate(text.splitlines()):
        found.extend(Link(m.group(1), m.group(2), line + offset) for m in _LINK.finditer(row))
    return found
