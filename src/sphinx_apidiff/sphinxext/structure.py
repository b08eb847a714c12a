"""Keep the author's text out of the sections a comparison adds.

A directive's sections ("Usage differences" and one subsection per note) become subsections of
the section that holds the directive. Text the author writes *after* the directive would then
follow a subsection, and a reader (and every writer) takes it as part of the last note. This
transform moves the added sections after such text, to the end of the holding section's own
content: the author's paragraphs stay where they were written relative to each other and to the
comparison's cards and table, and the notes come last, as a subsection should.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .render import GENERATED_SECTION

__all__ = ["MoveAddedSections"]


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
