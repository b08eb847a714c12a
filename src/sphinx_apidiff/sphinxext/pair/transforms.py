"""What is done to a page's doctree after its directives ran: the added sections moved after the
author's text (:class:`MoveAddedSections`), and break opportunities in identifiers
(:func:`add_break_opportunities`).

Keep the author's text out of the sections a comparison adds. A directive's sections ("Usage
differences" and one subsection per note) become subsections of the section that holds the
directive. Text the author writes *after* the directive would then
follow a subsection, and a reader (and every writer) takes it as part of the last note. This
transform moves the added sections after such text, to the end of the holding section's own
content: the author's paragraphs stay where they were written relative to each other and to the
comparison's cards and table, and the notes come last, as a subsection should.

Identifiers in comparison tables and card titles break only after ``.`` or ``_``.

A browser would otherwise break ``in_channels`` anywhere (``in_chan/nels``) or not at all. In
HTML output their text gets a ``<wbr>`` after every ``.`` and ``_``; other builders
are left alone (a raw HTML node is skipped by them).

A text with nothing HTML would escape and no space (every identifier) becomes one raw node
holding exactly what Sphinx's HTML translator writes for its pieces (``<span class="pre">``
around each piece inside code): a summary of thousands of rows gets one node per path, not
two per dot. Any other text is split into text nodes with a raw ``<wbr>`` between them.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .rst import GENERATED_SECTION

__all__ = ["MoveAddedSections", "add_break_opportunities"]


class MoveAddedSections(SphinxTransform):
    # before Sphinx reads sections for the table of contents (doctree-read)
    default_priority = 700

    def apply(self, **kwargs) -> None:
        parents = {
            id(section.parent): section.parent
            for section in self.document.findall(nodes.section)
            if section.get(GENERATED_SECTION)
        }
        for parent in parents.values():
            children = list(parent.children)
            limit = next(
                (
                    i
                    for i, child in enumerate(children)
                    if isinstance(child, nodes.section) and not child.get(GENERATED_SECTION)
                ),
                len(children),
            )
            head = children[:limit]
            added = [c for c in head if isinstance(c, nodes.section)]
            others = [c for c in head if not isinstance(c, nodes.section)]
            if head == others + added:
                continue
            parent.children = others + added + children[limit:]


# ------------------------------------------------------------------ break opportunities

#: After "_", and after "." unless a digit follows (a version, ``2.13.0``, stays whole).
_AFTER = re.compile(r"(?<=_)(?=.)|(?<=\.)(?=\D)")
_CLASSES = {"apidiff-table", "apidiff-index", "apidiff-card"}
#: What the HTML translator escapes (``HTMLTranslator.special_characters``), and space.
_NOT_AS_IS = re.compile(r'[&<>"@\s]')


def _protected(node: nodes.Node) -> bool:
    """Whether the translator writes ``node``'s text as code (``<span class="pre">``)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.literal) and "kbd" not in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def _as_html(text: str, protected: bool) -> str:
    parts = _AFTER.split(text)
    if protected:
        parts = [f'<span class="pre">{part}</span>' for part in parts]
    return "<wbr>".join(parts)


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
    holders = [
        n
        for n in doctree.findall(nodes.Element)
        if (classes := n.get("classes")) and not _CLASSES.isdisjoint(classes)
    ]
    seen: set[int] = set()
    for holder in holders:
        for text in list(holder.findall(nodes.Text)):
            parent = text.parent
            if id(text) in seen or isinstance(parent, (nodes.FixedTextElement, nodes.raw)):
                continue  # code blocks keep their own lines
            seen.add(id(text))
            value = str(text)
            if not _AFTER.search(value):
                continue
            if _NOT_AS_IS.search(value):
                parent.replace(text, _split(text))
            else:
                parent.replace(
                    text, nodes.raw("", _as_html(value, _protected(text)), format="html")
                )
