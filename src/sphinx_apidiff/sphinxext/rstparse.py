"""Parse generated reStructuredText into nodes, in a reStructuredText or a MyST document.

Generated text (from templates) is always reStructuredText, whatever the page's own markup, so
it cannot go through ``state.nested_parse`` (which parses MyST pages as Markdown). It is parsed
by its own state machine into a scratch document that shares the page's settings, id registry and
name registry: ids stay unique across the page and explicit targets become the page's labels.
Every line keeps a source and line number: the directive's, so that problems in generated text
point at the directive that produced it.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import states
from docutils.statemachine import StringList
from sphinx.util.docutils import new_document

__all__ = ["parse_rst"]

_SHARED = (
    "ids",
    "nameids",
    "nametypes",
    "refnames",
    "refids",
    "indirect_targets",
    "substitution_defs",
    "substitution_names",
    "footnote_refs",
    "citation_refs",
)


def parse_rst(text: str, document: nodes.document, source: str, line: int) -> list[nodes.Node]:
    """Nodes for ``text``; every line is attributed to ``source:line``."""
    scratch = new_document(source, document.settings)
    scratch.reporter = document.reporter
    for attr in _SHARED:
        if hasattr(document, attr):
            setattr(scratch, attr, getattr(document, attr))
    scratch.id_counter = document.id_counter
    lines = text.splitlines()
    content = StringList(lines, items=[(source, max(line - 1, 0))] * len(lines))
    machine = states.RSTStateMachine(state_classes=states.state_classes, initial_state="Body")
    machine.run(content, scratch)
    children = list(scratch.children)
    scratch.children = []
    for child in children:
        child.parent = None
        # Nodes remember the document they were parsed into. Left pointing at the scratch
        # document (whose settings hold the build environment), every page's pickled doctree
        # would carry a copy of the whole environment.
        for node in child.findall(include_self=True):
            if node.__dict__.get("_document") is not None:
                node.document = document
    return children
