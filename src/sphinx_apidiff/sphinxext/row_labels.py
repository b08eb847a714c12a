"""``:ref:`` to a note whose label is on a row of the table (the ``compact`` layout).

A label before a section gets the section's title as the text of a ``:ref:`` to it; a label on
a table cell's paragraph gets none, and ``:ref:`label``` without an explicit title would fail
("A title or caption not found"). The directive marks such a node with the note's title in
plain text (:data:`REF_TITLE`, and the label: docutils later moves a target's names to the node that
follows it); at ``doctree-read``, after Sphinx collected the page's labels,
each one still without a title gets it, so the same ``:ref:`` works in either layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["REF_LABEL", "REF_TITLE", "mark_row_labels", "setup_row_labels"]

#: The node attributes holding a note's label and the text of a ``:ref:`` to it.
REF_LABEL = "apidiff_ref_label"
REF_TITLE = "apidiff_ref_title"


def mark_row_labels(generated: Iterable[nodes.Node], titles: Mapping[str, str]) -> None:
    """Give each node (not a section) named by a key of ``titles`` its title."""
    for top in generated:
        if not isinstance(top, nodes.Element):
            continue
        for node in top.findall(nodes.Element):
            if isinstance(node, nodes.section):
                continue
            for name in node.get("names", []):
                if titles.get(name):
                    node[REF_LABEL] = name
                    node[REF_TITLE] = titles[name]


def _add_titles(app: Sphinx, doctree: nodes.document) -> None:
    std = app.env.get_domain("std")
    docname = app.env.docname
    for node in doctree.findall(nodes.Element):
        name, title = node.get(REF_LABEL), node.get(REF_TITLE)
        if not (name and title):
            continue
        anon = std.anonlabels.get(name)  # type: ignore[attr-defined]
        if anon is not None and anon[0] == docname and name not in std.labels:  # type: ignore[attr-defined]
            std.labels[name] = (docname, anon[1], title)  # type: ignore[attr-defined]


def setup_row_labels(app: Sphinx) -> None:
    app.connect("doctree-read", _add_titles)
