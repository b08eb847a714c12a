"""MindSpore's "比较与torch.X的差异" pages (Markdown).

Pure Python: no docutils, no Sphinx. The shape::

    # 比较与torch.X的差异                 <- title: the source API
    ## torch.X                           <- a side: a heading that is a dotted path ...
    ```python                            <- ... its printed signature (``class X(...)(x) -> T``)
    更多内容详见[torch.X](url)。           <- ... and its link
    ## mindspore.Y
    ## 差异对比 / 使用方式                  <- prose, "### ..." subsections: notes
    | 分类 | 子类 | PyTorch | MindSpore | 差异 |   <- the table (分类 carried down blank cells)
    ### 代码示例N                          <- examples, halves opened by "# PyTorch" / "# MindSpore"
"""

from __future__ import annotations

import re

from .common import PageParts, example
from .markdown import Block, blocks, cell_names, links_in, plain
from .model import (
    MappingRow,
    Page,
    Pair,
    PrintedSignature,
    Prose,
    Side,
    Unrecognised,
)

__all__ = ["read_mindspore"]

_TITLE = re.compile(r"^比较与\s*([A-Za-z_][\w.]*)\s*的差异\s*$")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
_EXAMPLE = re.compile(r"^代码示例\s*\d*$")
#: The table's 分类 values and what the row is about.
_GROUPS = {"参数": "parameter", "输入": "input", "返回值": "return", "输出": "return"}


class _Reader(PageParts):
    def __init__(self, path: str, text: str) -> None:
        super().__init__(path)
        self.blocks = blocks(text)
        self.sides: list[dict] = []
        self.rows: list[MappingRow] = []
        self.table_line = 0

    def report(self, kind: str, block: Block, text: str | None = None) -> None:
        self.unrecognised.append(Unrecognised(kind, block.line, text or block.text))

    def read(self) -> Page:
        title, title_line, title_api = "", 0, None
        section = ""
        heading: tuple[str | None, int] = (None, 0)
        expect: dict | None = None
        for block in self.blocks:
            if block.kind == "heading":
                expect = None
                name = plain(block.text)
                self.links.extend(links_in(block.text, block.line))
                if not title and block.level == 1:
                    title, title_line = name, block.line
                    m = _TITLE.match(name)
                    title_api = m.group(1) if m else None
                    if not m:
                        self.report("title", block)
                    continue
                if _DOTTED.match(name) and block.level == 2:
                    expect = {"api": name, "line": block.line, "url": None, "sig": None}
                    self.sides.append(expect)
                    section = "side"
                    continue
                if _EXAMPLE.match(name):
                    section, heading = "examples", (name, block.line)
                elif block.level == 2:
                    section, heading = "prose", (None, 0)
                else:
                    section, heading = "note", (name, block.line)
                    self.notes.append((name, block.line, []))
                continue
            if block.kind == "fence":
                if not block.closed:
                    self.report("unclosed-fence", block, "```" + block.info)
                if expect is not None and expect["sig"] is None:
                    expect["sig"] = PrintedSignature(tuple(block.lines), block.line + 1)
                    continue
                self.examples.append(
                    example(
                        block.lines, block.info, block.line + 1, "mindspore", heading[0], heading[1]
                    )
                )
                continue
            if block.kind == "table":
                self._table(block)
                continue
            if block.kind in ("paragraph", "quote"):
                found = links_in(block.text, block.line)
                self.links.extend(found)
                if section == "side" and self.sides:
                    for link in found:
                        if plain(link.text) == self.sides[-1]["api"]:
                            self.sides[-1]["url"] = link.url
                    if not found or not plain(block.text).startswith("更多内容详见"):
                        self.prose.append(Prose(block.text, block.line))
                    continue
                self.prose.append(Prose(block.text, block.line))
                if section == "note" and self.notes:
                    self.notes[-1][2].append(block.text)
        return self._page(title, title_line, title_api)

    def _table(self, block: Block) -> None:
        rows = block.rows
        header = [plain(c) for c in rows[0][1]] if rows else []
        if len(header) != 5 or len(rows) < 2:
            self.unrecognised.append(
                Unrecognised("table", block.line, " | ".join(header), "\n".join(block.lines))
            )
            return
        if self.rows:
            self.report("second-table", block, " | ".join(header))
        self.table_line = block.line
        group = "parameter"
        for line, cells in rows[2:]:
            if len(cells) != 5:
                self.unrecognised.append(Unrecognised("table-row", line, " | ".join(cells)))
                continue
            kind, _sub, left, right, note = (plain(c) if i < 2 else c for i, c in enumerate(cells))
            if kind:
                if kind not in _GROUPS:
                    self.unrecognised.append(Unrecognised("table-group", line, kind))
                group = _GROUPS.get(kind, kind)
            self.rows.append(
                MappingRow(
                    cell_names(left) if group != "return" else (),
                    cell_names(right) if group != "return" else (),
                    note,
                    line,
                    group,
                    plain(left),
                    plain(right),
                )
            )

    def _page(self, title: str, title_line: int, title_api: str | None) -> Page:
        sides = [Side(s["api"], s["line"], s["url"], s["sig"]) for s in self.sides]
        pairs: tuple[Pair, ...] = ()
        if sides:
            pairs = (
                Pair(
                    sides[0],
                    sides[1] if len(sides) > 1 else None,
                    tuple(self.rows),
                    self.table_line,
                ),
            )
        for extra in self.sides[2:]:
            self.unrecognised.append(Unrecognised("third-side", extra["line"], extra["api"]))
        known = {n for r in self.rows for n in (*r.left, *r.right)}
        notes = self.note_sections(known)
        return self.page(
            "mindspore",
            title=title,
            title_line=title_line,
            title_api=title_api,
            pairs=pairs,
            notes=notes,
        )


def read_mindspore(text: str, path: str = "") -> Page:
    """Read one MindSpore comparison page."""
    return _Reader(path, text).read()
