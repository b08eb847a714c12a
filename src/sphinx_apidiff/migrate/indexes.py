"""A team's index of its comparison pages, read: which API maps to which, which row has a
page, which API has no counterpart (and why), which is another name of another.

Pure Python: no docutils, no Sphinx. Two formats:

- MegEngine's hand-kept ``comparison.rst``: ``list-table`` directives whose header names the
  frameworks (``NumPy | Pytorch | MegEngine | Comment``), each cell an API role
  (``:py:func:`~torch.cat```, several separated by ``/``), plain text, or
  ``:ref:`not-implemented``` (no counterpart); the comment links the row's page
  (``:ref:`差异对比 <comparison-nn-conv>```).
- PaddlePaddle's mapping index (``pytorch_api_mapping_cn.md``), as kept (one marker a row,
  which ``tools/apply_references.py`` expands: ``REFERENCE-MAPPING-TABLE(prefix)`` lists the
  pages, ``ALIAS-REFERENCE-ITEM(alias, api)``, ``NOT-IMPLEMENTED-ITEM(api, url, remark)``,
  ``IN-DEVELOPMENT-PATTERN(api, url)``) or as generated (``| n | [`api`](url) | [`api`](url)
  | category | [详细对比](page.html) |``).

A file is an index when it holds such rows (:func:`is_index`), whatever its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .common import LEFT_LABELS, RIGHT_LABELS

__all__ = ["Index", "IndexRow", "is_index", "read_index"]

_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
_ROLE = re.compile(r":(?:py:)?(\w+):`([^`]*)`")
_REF = re.compile(r"^(.*?)\s*<([^>]+)>$")
_LIST_TABLE = re.compile(r"^(\s*)\.\.\s+list-table::")
_RST_TITLE = re.compile(r"^([=\-~^\"'`#*+.:_])\1{2,}\s*$")
_MARKER = re.compile(r"^\|\s*([A-Z][A-Z-]+[A-Z])\((.*)\)\s*\|\s*$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


@dataclass(frozen=True)
class IndexRow:
    """One row of an index: the APIs of the source framework (``left``), its counterpart,
    the page the row links (a label in rst, a path without suffix in Markdown), why there is
    no counterpart, the API it is another name of; ``kind`` says which row it is."""

    line: int
    kind: str
    left: tuple[str, ...] = ()
    right: str | None = None
    page: str | None = None
    reason: str | None = None
    alias: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Index:
    format: str
    path: str
    title: str
    rows: tuple[IndexRow, ...] = ()
    #: The labels on the page itself (rst ``.. _name:`` before its title).
    labels: tuple[str, ...] = field(default=())
    #: Its other parts, (kind, line, text): headings, prose, admonitions, other tables.
    other: tuple[tuple[str, int, str], ...] = field(default=())


def is_index(fmt: str, text: str) -> bool:
    """Whether ``text`` is the index of a set of ``fmt`` pages rather than one page."""
    if fmt == "megengine":
        return ".. panels::" not in text and any(
            _header(fmt, cells) for cells, _line in _list_tables(text.splitlines())
        )
    if fmt == "paddle":
        lines = text.splitlines()
        return any(_MARKER.match(ln.strip()) for ln in lines) or any(
            _paddle_generated(ln) is not None for ln in lines
        )
    return False


def read_index(fmt: str, text: str, path: str = "") -> Index:
    lines = text.splitlines()
    title = next(
        (
            ln.strip().lstrip("#").strip()
            for i, ln in enumerate(lines)
            if (fmt == "paddle" and ln.startswith("# "))
            or (
                fmt != "paddle"
                and ln.strip()
                and not _RST_TITLE.match(ln)
                and i + 1 < len(lines)
                and _RST_TITLE.match(lines[i + 1])
            )
        ),
        path,
    )
    rows = _megengine_rows(lines) if fmt == "megengine" else _paddle_rows(lines)
    labels = []
    for line in lines:
        m = re.match(r"^\s*\.\.\s+_([^:]+):\s*$", line)
        if m:
            labels.append(m.group(1).strip())
        elif line.strip() and not _RST_TITLE.match(line):
            break
    other = _rst_other(lines) if fmt == "megengine" else _markdown_other(lines)
    other = [part for part in other if part[2] != title]
    return Index(fmt, path, title, tuple(rows), tuple(labels), tuple(other))


def _rst_other(lines: list[str]) -> list[tuple[str, int, str]]:
    """The top-level parts of an rst index that are not its list-tables."""
    other = []
    for i, line in enumerate(lines):
        if not line.strip() or line[0].isspace() or _RST_TITLE.match(line):
            continue
        directive = re.match(r"^\.\.\s+([\w:-]+)::", line)
        if i + 1 < len(lines) and _RST_TITLE.match(lines[i + 1]):
            other.append(("heading", i + 1, line.strip()))
        elif directive and directive.group(1) != "list-table":
            other.append((f"directive:{directive.group(1)}", i + 1, line.strip()))
        elif not line.startswith("..") and (i == 0 or not lines[i - 1].strip()):
            other.append(("prose", i + 1, line.strip()))
    return other


def _markdown_other(lines: list[str]) -> list[tuple[str, int, str]]:
    """The parts of a Markdown index that are not its rows: headings, prose, table rows that
    map nothing (a table of contents)."""
    other = []
    for i, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        if text.startswith("#"):
            other.append(("heading", i, text.lstrip("#").strip()))
        elif text.startswith("|"):
            cells = [c.strip() for c in text.strip("|").split("|")]
            header = all(set(c) <= set("-: ") for c in cells) or "序号" in cells
            if not header and not _MARKER.match(text) and _paddle_generated(line) is None:
                other.append(("table-row", i, text))
        elif not lines[i - 2].strip() if i > 1 else True:
            other.append(("prose", i, text))
    return other


# -- MegEngine: list-tables -------------------------------------------------------------


def _list_tables(lines: list[str]) -> list[tuple[list[tuple[list[str], int]], int]]:
    """Each list-table: its rows (cells as written, the row's line) and its line."""
    tables = []
    i = 0
    while i < len(lines):
        m = _LIST_TABLE.match(lines[i])
        if not m:
            i += 1
            continue
        base, start = len(m.group(1)), i
        i += 1
        rows: list[tuple[list[str], int]] = []
        while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > base):
            stripped = lines[i].strip()
            if stripped.startswith("* -") or stripped == "*":
                rows.append(([stripped[3:].strip()], i + 1))
            elif stripped.startswith("-") and rows and not stripped.startswith("--"):
                rows[-1][0].append(stripped[1:].strip())
            elif stripped and rows and not stripped.startswith(":"):
                rows[-1][0][-1] = (rows[-1][0][-1] + " " + stripped).strip()
            i += 1
        tables.append((rows, start + 1))
    return tables


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _header(fmt: str, table: list[tuple[list[str], int]]) -> tuple[int, int, int] | None:
    """The columns of the source framework, the target and the comment, from the header."""
    if not table:
        return None
    names = [c.strip().lower() for c in table[0][0]]
    left = next((k for k, n in enumerate(names) if n in LEFT_LABELS), None)
    right = next((k for k, n in enumerate(names) if n in RIGHT_LABELS.get(fmt, ())), None)
    if left is None or right is None:
        return None
    comment = max((k for k in range(len(names)) if k not in (left, right)), default=-1)
    return left, right, comment


def _apis(cell: str) -> tuple[str, ...]:
    return tuple(
        m.group(2).lstrip("~").strip()
        for m in _ROLE.finditer(cell)
        if m.group(1) != "ref" and _DOTTED.match(m.group(2).lstrip("~").strip())
    )


def _refs(cell: str) -> list[tuple[str, str]]:
    """The ``:ref:`` roles of a cell: (text, label)."""
    found = []
    for m in _ROLE.finditer(cell):
        if m.group(1) != "ref":
            continue
        inner = m.group(2)
        named = _REF.match(inner)
        found.append((named.group(1), named.group(2)) if named else (inner, inner))
    return found


def _section_titles(lines: list[str]) -> dict[str, str]:
    """label -> the title of the section it stands before."""
    titles: dict[str, str] = {}
    for i, line in enumerate(lines):
        m = re.match(r"^\s*\.\.\s+_([^:]+):\s*$", line)
        if not m:
            continue
        k = i + 1
        while k < len(lines) and (not lines[k].strip() or _RST_TITLE.match(lines[k])):
            k += 1
        if k + 1 < len(lines) and _RST_TITLE.match(lines[k + 1]):
            titles[m.group(1).strip()] = lines[k].strip()
    return titles


def _megengine_rows(lines: list[str]) -> list[IndexRow]:
    titles = _section_titles(lines)
    rows: list[IndexRow] = []
    for table, line in _list_tables(lines):
        columns = _header("megengine", table)
        if columns is None:
            rows.append(IndexRow(line, "table-not-mapping", text=" | ".join(table[0][0])))
            continue
        left_k, right_k, comment_k = columns
        for cells, row_line in table[1:]:
            cells = cells + [""] * (max(columns) + 1 - len(cells))
            written = " | ".join(cells)
            left = _apis(cells[left_k])
            right_cell = cells[right_k]
            comment = cells[comment_k] if comment_k >= 0 else ""
            if not left:
                rows.append(IndexRow(row_line, "no-api-path", text=written))
                continue
            right = _apis(right_cell)
            page = next((label for _t, label in _refs(comment)), None)
            reason = None
            no_counterpart = [label for _t, label in _refs(right_cell)]
            if no_counterpart and not right:
                plain = _ROLE.sub("", comment).strip()
                reason = plain or titles.get(no_counterpart[0], no_counterpart[0])
                rows.append(IndexRow(row_line, "no-counterpart", left, reason=reason, text=written))
            elif right:
                kind = "page" if page else "counterpart"
                rows.append(IndexRow(row_line, kind, left, right[0], page, text=written))
            else:
                rows.append(IndexRow(row_line, "no-counterpart-given", left, text=written))
    return rows


# -- PaddlePaddle: Markdown rows -----------------------------------------------------------


def _code_api(text: str) -> str:
    return text.strip().strip("`").replace("\\_", "_").strip()


def _paddle_generated(line: str) -> list[str] | None:
    """The cells of a generated row (``| n | [`api`](url) | ... |``), None for another line."""
    if not line.startswith("|"):
        return None
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 5 or not cells[0].isdigit():
        return None
    return cells


def _paddle_rows(lines: list[str]) -> list[IndexRow]:
    rows: list[IndexRow] = []
    for i, line in enumerate(lines, 1):
        m = _MARKER.match(line.strip())
        if m:
            name, args = m.group(1), [a.strip() for a in m.group(2).split(",")]
            api = _code_api(args[0])
            if name == "REFERENCE-MAPPING-TABLE":
                rows.append(IndexRow(i, "pages", text=line.strip()))
            elif name == "ALIAS-REFERENCE-ITEM" and len(args) >= 2:
                rows.append(IndexRow(i, "alias", (api,), alias=_code_api(args[1]), text=line))
            elif name == "NOT-IMPLEMENTED-ITEM" and len(args) >= 3:
                remark = ",".join(m.group(2).split(",")[2:]).strip()
                rows.append(IndexRow(i, "no-counterpart", (api,), reason=remark, text=line))
            else:
                rows.append(IndexRow(i, name.lower(), (api,), text=line.strip()))
            continue
        cells = _paddle_generated(line)
        if cells is None:
            continue
        links = [_MD_LINK.search(c) for c in cells[1:3]]
        left = _code_api(links[0].group(1)) if links[0] else _code_api(cells[1])
        right = _code_api(links[1].group(1)) if links[1] else None
        desc = cells[4]
        page_link = next(
            (u for t, u in _MD_LINK.findall(desc) if u.endswith((".html", ".md"))), None
        )
        page = str(PurePosixPath(page_link).with_suffix("")) if page_link else None
        alias = re.match(r"^`([^`]+)`\s*别名", desc)
        if not _DOTTED.match(left):
            rows.append(IndexRow(i, "no-api-path", text=line.strip()))
        elif alias:
            rows.append(IndexRow(i, "alias", (left,), alias=_code_api(alias.group(1)), text=line))
        elif page:
            rows.append(IndexRow(i, "page", (left,), right, page, text=line.strip()))
        elif right:
            rows.append(IndexRow(i, "counterpart", (left,), right, text=line.strip()))
        else:
            reason = _MD_LINK.sub(r"\1", desc).strip() or cells[3]
            rows.append(IndexRow(i, "no-counterpart", (left,), reason=reason, text=line.strip()))
    return rows
