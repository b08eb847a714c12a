"""Placeholder nodes: left by a directive at read time, replaced at ``doctree-resolved``.

Registered with every writer as "skip", so that a placeholder a builder somehow meets is
dropped rather than breaking the build; or, for a placeholder that holds its own text, as
"show what it holds".
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["add_placeholder"]

_WRITERS = ("html", "latex", "text", "man", "texinfo")


def _visit_skip(self: object, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _visit_pass(self: object, node: nodes.Node) -> None:
    pass


def add_placeholder(
    app: Sphinx, node_class: type[nodes.Element], *, show_children: bool = False
) -> None:
    """``show_children``: a builder that meets the placeholder shows what it holds (a copy of
    a title in a table of contents, made before the placeholder is replaced)."""
    visit = (_visit_pass, _visit_pass) if show_children else (_visit_skip, None)
    app.add_node(node_class, **dict.fromkeys(_WRITERS, visit))
