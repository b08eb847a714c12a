"""Placeholder nodes: left by a directive at read time, replaced at ``doctree-resolved``.

Registered with every writer as "skip", so that a placeholder a builder somehow meets is
dropped rather than breaking the build.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["add_placeholder"]

_WRITERS = ("html", "latex", "text", "man", "texinfo")


def _visit_skip(self: object, node: nodes.Node) -> None:
    raise nodes.SkipNode


def add_placeholder(app: Sphinx, node_class: type[nodes.Element]) -> None:
    app.add_node(node_class, **{writer: (_visit_skip, None) for writer in _WRITERS})
