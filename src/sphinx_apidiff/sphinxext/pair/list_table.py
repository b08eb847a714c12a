"""docutils' ``list-table``, for the template's text, without a state machine per cell.

A ``list-table`` is a bullet list of bullet lists: docutils parses it with one nested state
machine for the rows, one per row and one per cell, and each cell's line of text through the
whole block grammar before it finds a paragraph. The comparison's parameter table is most of
the template's text, and that parse was the largest part of what a comparison page costs
(issue 22: 3.9 of 9.6 CPU-seconds of the ``apidiff`` directives of a 1,600-page build).

:class:`ListTable` is docutils' own directive; only the list it reads its cells from is made
differently when the content is in the plain form the templates write: rows ``* - text``, cells
``  - text``, continuation lines indented four spaces, blank lines between. A cell that is one
line of text that can only be a paragraph becomes that paragraph through the inline parser, as
docutils makes it (same nodes, same source and line). So does the cell the compact layout
writes for a row with a note: a label (``.. _name:``), such a line of text, and the comment
that marks where the note's text goes become docutils' target, paragraph and comment. Any other
cell is parsed by docutils (``nested_parse``); any other content falls back to docutils' parse
of the whole list. The table is then checked and built by docutils' code. :mod:`.machines`
uses it in place of docutils' ``list-table`` in the text it parses: the template's, and an
``apidiff``'s content on a reStructuredText page.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.parsers.rst.directives import tables
from docutils.statemachine import StringList

__all__ = ["ListTable"]

_ROW = re.compile(r"\* - \S")
_CELL = re.compile(r"  - \S")
_MARKER = 4  # "* - ", "  - ", and the indentation of a continuation line
#: A line that docutils' block grammar can read only as a paragraph: it starts with a letter,
#: an inline literal, an escape, or a role (``:ref:`x```, never a field: a field's name ends
#: in a colon and a space)...
_PLAIN_START = re.compile(r"[^\W\d_]|`|\\|:[\w.+:-]+:`")
#: ...and is not an enumerated list item (``a. text``, ``iv) text``), a literal block's
#: introduction (``text::``) or a run of one punctuation character (a title's adornment or a
#: transition to docutils: ``\\``, ```` `` ````).
_NOT_PLAIN = re.compile(
    r"(?:[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)](?:\s|$)|.*(?<!\\)(?:\\\\)*::$|([\\`])\1*$"
)


#: A label docutils reads as an internal target (``.. _name:``) with nothing after it.
_LABEL = re.compile(r"\.\. _([^\W_](?:[\w.-]*[^\W_])?):$")
#: Where the template puts an author's text (a comment to docutils).
_SLOT = re.compile(r"\.\. (apidiff:slot [\w.-]+)$")


def _plain(text: str) -> bool:
    return bool(_PLAIN_START.match(text)) and not _NOT_PLAIN.match(text)


def _labelled(lines: StringList) -> tuple[str, str, str | None] | None:
    """The label, the line of text and the slot comment's text (or None) of a cell in the form
    ``.. _label:``, a blank line, one plain line of text, and optionally a blank line and
    ``.. apidiff:slot NAME`` (the compact layout's cells of a row with a note); None for any
    other cell."""
    if len(lines) < 3 or lines[1].strip():
        return None
    label = _LABEL.match(lines[0])
    text = lines[2]
    if label is None or text != text.rstrip() or not _plain(text):
        return None
    rest = [line for line in lines[3:] if line.strip()]
    if not rest:
        return label.group(1), text, None
    slot = _SLOT.match(rest[0])
    if len(rest) > 1 or slot is None or lines[3].strip() or lines[4] != rest[0]:
        return None
    return label.group(1), text, slot.group(1)


def _cells(block: StringList) -> list[list[tuple[int, int]]] | None:
    """The rows of ``block``, each a list of its cells' ``(first, end)`` line indexes, or None
    if the block is not in the plain form."""
    rows: list[list[tuple[int, int]]] = []
    start = -1
    for index, line in enumerate(block):
        if not line.strip(" "):
            continue
        if not line.strip():
            return None  # a tab or another space: docutils' blank lines are spaces only
        if _ROW.match(line) or _CELL.match(line):
            if start >= 0:
                rows[-1].append((start, index))
            elif line[0] != "*":
                return None  # a cell before any row
            if line[0] == "*":
                rows.append([])
            start = index
        elif line.startswith(" " * _MARKER) and start >= 0:
            continue  # the cell goes on
        else:
            return None
    if start < 0:
        return None
    rows[-1].append((start, len(block)))
    return rows


class _CellsState:
    """The directive's state, whose ``nested_parse`` of the whole list makes the plain form's
    list itself (everything else is the state's own)."""

    def __init__(self, state: Any) -> None:
        self._state = state

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)

    def nested_parse(self, block: StringList, input_offset: int, node: nodes.Element, *args, **kw):
        rows = None if args or kw else _cells(block)
        if rows is None:
            return self._state.nested_parse(block, input_offset, node, *args, **kw)
        outer = nodes.bullet_list(bullet="*")
        for row in rows:
            inner = nodes.bullet_list(bullet="-")
            for first, end in row:
                inner += self._cell(block, input_offset, first, end)
            outer += nodes.list_item("", inner)
        node += outer
        # where docutils' machines leave the document when they reach the end of the list: a
        # node the directive adds next (the table, a message) takes no line from it
        self._state.document.note_source(None, None)
        return None

    def _cell(self, block: StringList, input_offset: int, first: int, end: int) -> nodes.list_item:
        lines = block[first:end]  # with the blank lines after it, as docutils cuts it
        lines.trim_left(_MARKER)  # the marker, and the continuation lines' indentation
        item = nodes.list_item("\n".join(lines))
        lineno = input_offset + first + 1  # the cell's first line's number in the state machine
        text = lines[0].rstrip()
        if _plain(text) and not any(line.strip() for line in lines[1:]):
            self._paragraph(item, text, lineno)
        elif labelled := _labelled(lines):
            label, text, slot = labelled
            self._target(item, label, lineno)
            self._paragraph(item, text, lineno + 2)
            if slot is not None:
                item += nodes.comment(slot, slot)
        else:
            self._state.nested_parse(lines, input_offset + first, item)
        return item

    def _paragraph(self, item: nodes.list_item, text: str, lineno: int) -> None:
        """The paragraph docutils makes of a line of ``text`` that can only be one."""
        state = self._state
        textnodes, messages = state.inliner.parse(text, lineno, state.memo, item)
        paragraph = nodes.paragraph(text, "", *textnodes)
        paragraph.source, paragraph.line = state.state_machine.get_source_and_line(lineno)
        item += paragraph
        item += messages

    def _target(self, item: nodes.list_item, label: str, lineno: int) -> None:
        """The internal target docutils makes of ``.. _label:`` (``Body.hyperlink_target``)."""
        target = nodes.target(f".. _{label}:", "")
        target.line = lineno
        target["names"].append(nodes.fully_normalize_name(label))
        self._state.document.note_explicit_target(target, item)  # before the text's own ids
        item += target


class ListTable(tables.ListTable):
    """docutils' ``list-table``; a plain-form list is read without a machine per cell."""

    def run(self) -> list[nodes.Node]:
        state = self.state
        self.state = _CellsState(state)
        try:
            return super().run()
        finally:
            self.state = state
