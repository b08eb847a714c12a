"""Identifiers in comparison tables and card titles break only after ``.`` or ``_``.

A browser would otherwise break ``in_channels`` anywhere (``in_chan/nels``) or not at all. In
HTML output their text gets a ``<wbr>`` after every ``.`` and ``_``; other builders
are left alone (a raw HTML node is skipped by them).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

_AFTER = re.compile(r"(?<=[._])(?=.)")
_CLASSES = {"apidiff-table", "apidiff-index", "apidiff-card"}


def _split(text: nodes.Text) -> list[nodes.Node]:
    parts = _AFTER.split(str(text))
    out: list[nodes.Node] = []
    for i, part in enumerate(parts):
        if i:
            out.append(nodes.raw("", "<wbr>", format="html"))
        out.append(nodes.Text(part))
    return out


def add_break_opportunities(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    holders = [n for n in doctree.findall(nodes.Element) if _CLASSES & set(n.get("classes", ()))]
    seen: set[int] = set()
    for holder in holders:
        for text in list(holder.findall(nodes.Text)):
            parent = text.parent
            if id(text) in seen or isinstance(parent, (nodes.FixedTextElement, nodes.raw)):
                continue  # code blocks keep their own lines
            seen.add(id(text))
            if _AFTER.search(str(text)):
                parent.replace(text, _split(text))
