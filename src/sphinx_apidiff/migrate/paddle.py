"""PaddlePaddle's "PyTorch → Paddle" mapping pages (Markdown).

Pure Python: no docutils, no Sphinx. The shape, as the team's format guide fixes it::

    ## [ 分类名称 ] torch.api            <- title: category label, then the source API
    ### [torch.api](url)                <- a side: the API and its link ...
    ```python
    torch.api(a, b=1)                   <- ... and its printed signature
    ```
    ### [paddle.api](url)               <- the other side ("### []()": none)
    ...
    ### 参数映射                         <- the table: PyTorch | Paddle | 备注 ("-": none)
    ### 转写示例                         <- examples, each under a "#### 参数名：..." heading,
                                           halves opened by "# PyTorch 写法" / "# Paddle 写法"

A page may repeat the sides, table and examples (one comparison per overload), separated by
rules. Anything else is kept as prose or reported as not recognised.
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

__all__ = ["CATEGORIES", "read_paddle"]

#: The team's category labels (format guide, and the checker's list), with the engine's
#: category each stands for (None: a signature cannot show it).
CATEGORIES: dict[str, str | None] = {
    "无参数": "no-parameters",
    "参数完全一致": "identical",
    "仅参数名不一致": "names-differ",
    "paddle 参数更多": "right-has-more",
    "参数默认值不一致": "defaults-differ",
    "torch 参数更多": "left-has-more",
    "输入参数用法不一致": "usage-differs",
    "输入参数类型不一致": "types-differ",
    "返回参数类型不一致": "return-type-differs",
    "组合替代实现": None,
    "涉及上下文修改": None,
    "对应 API 不在主框架": None,
    "功能缺失": None,
    "可删除": None,
}

_TITLE = re.compile(r"^\[\s*([^\]]*?)\s*\]\s*(.*)$")
_SIDE = re.compile(r"^\[\s*([^\]]*?)\s*\]\s*(?:\(([^)]*)\))?\s*$")
_MAPPING = ("参数映射",)
_EXAMPLES = ("转写示例",)
_RETURN = ("返回值",)


def _category(label: str) -> str:
    return " ".join(label.split())


class _Reader(PageParts):
    def __init__(self, path: str, text: str) -> None:
        super().__init__(path)
        self.blocks = blocks(text)
        self.pairs: list[dict] = []

    def report(self, kind: str, block: Block, text: str | None = None) -> None:
        self.unrecognised.append(Unrecognised(kind, block.line, text or block.text))

    def read(self) -> Page:
        title, title_line, category, title_api = "", 0, None, None
        section = ""  # "", "mapping", "examples", "note", "other"
        example_heading: tuple[str | None, int] = (None, 0)
        expect_signature: dict | None = None
        for block in self.blocks:
            if block.kind == "heading":
                expect_signature = None
                text = block.text
                self.links.extend(links_in(text, block.line))
                if not title and block.level <= 2:
                    title, title_line = plain(text), block.line
                    m = _TITLE.match(plain(text))
                    if m and m.group(2):
                        category, title_api = _category(m.group(1)), m.group(2).strip()
                    else:
                        self.report("title", block)
                    continue
                side = _SIDE.match(text) if block.level == 3 else None
                if side:
                    api = plain(side.group(1))
                    url = side.group(2)
                    new = {"api": api, "url": url, "line": block.line, "sig": None}
                    if not self.pairs or self.pairs[-1]["right"] is not None:
                        self.pairs.append({"left": new, "right": None, "rows": [], "table": 0})
                    else:
                        self.pairs[-1]["right"] = new
                    expect_signature = new
                    section = ""
                    continue
                name = plain(text)
                if name in _MAPPING:
                    section = "mapping"
                elif name in _EXAMPLES:
                    section, example_heading = "examples", (None, 0)
                elif section == "examples" and block.level >= 4:
                    example_heading = (name, block.line)
                else:
                    section = "note"
                    self.report("heading", block)
                    self.notes.append((name, block.line, []))
                continue
            if block.kind == "fence":
                if not block.closed:
                    self.report("unclosed-fence", block, "```" + block.info)
                if expect_signature is not None and expect_signature["sig"] is None:
                    expect_signature["sig"] = PrintedSignature(tuple(block.lines), block.line + 1)
                    expect_signature = None
                    continue
                heading, heading_line = example_heading if section == "examples" else (None, 0)
                if section == "note" and self.notes:
                    heading, heading_line = self.notes[-1][0], self.notes[-1][1]
                self.examples.append(
                    example(
                        block.lines, block.info, block.line + 1, "paddle", heading, heading_line
                    )
                )
                continue
            expect_signature = None if block.kind != "rule" else expect_signature
            if block.kind == "table":
                self._table(block, section)
            elif block.kind in ("paragraph", "quote"):
                self.links.extend(links_in(block.text, block.line))
                self.prose.append(Prose(block.text, block.line))
                if section == "note" and self.notes:
                    self.notes[-1][2].append(block.text)
            elif block.kind != "rule":  # pragma: no cover - every kind is handled
                self.report(block.kind, block)
        return self._page(title, title_line, category, title_api)

    def _table(self, block: Block, section: str) -> None:
        rows = block.rows
        header = [plain(c) for c in rows[0][1]] if rows else []
        if len(header) != 3 or len(rows) < 2 or not self.pairs:
            self.unrecognised.append(
                Unrecognised("table", block.line, " | ".join(header), "\n".join(block.lines))
            )
            return
        if section != "mapping":
            self.report("mapping-table-heading", block, " | ".join(header))
        pair = self.pairs[-1]
        if pair["rows"]:
            self.report("second-table", block, " | ".join(header))
        pair["table"] = block.line
        for line, cells in rows[2:]:
            if len(cells) != 3:
                self.unrecognised.append(Unrecognised("table-row", line, " | ".join(cells)))
                continue
            left, right, note = cells
            group = "return" if plain(left) in _RETURN or plain(right) in _RETURN else "parameter"
            pair["rows"].append(
                MappingRow(
                    () if group == "return" else cell_names(left),
                    () if group == "return" else cell_names(right),
                    note,
                    line,
                    group,
                    plain(left),
                    plain(right),
                )
            )

    def _page(self, title: str, title_line: int, category, title_api) -> Page:
        pairs = tuple(
            Pair(
                Side(p["left"]["api"], p["left"]["line"], p["left"]["url"], p["left"]["sig"]),
                Side(p["right"]["api"], p["right"]["line"], p["right"]["url"], p["right"]["sig"])
                if p["right"]
                else None,
                tuple(p["rows"]),
                p["table"],
            )
            for p in self.pairs
        )
        known = {n for p in pairs for r in p.rows for n in (*r.left, *r.right)}
        notes = self.note_sections(known)
        return self.page(
            "paddle",
            title=title,
            title_line=title_line,
            title_api=title_api,
            category=category,
            pairs=pairs,
            notes=notes,
        )


def read_paddle(text: str, path: str = "") -> Page:
    """Read one PaddlePaddle mapping page."""
    return _Reader(path, text).read()
