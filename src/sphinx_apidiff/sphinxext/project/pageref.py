"""``:apidiff:`torch.nn.ConvTranspose2d```: a link to the page that compares that API.

Not ``:apidiff-api:`` (:mod:`~sphinx_apidiff.sphinxext.pair.xref`), which links to the API's own reference. The role leaves a
placeholder; at write time it links to the page (of the whole project) with a comparison one
side of which is that dotted path, the first by page name when several do. ``:apidiff:`text
<path>``` sets the link text. No page compares it: plain code and a located warning
(``apidiff.uncompared``). Pages with the role are written again when any page changes.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from ..directive import add_placeholder
from ..state.records import depends_on_project
from ..warnings import Warn, warn
from .index import page_link, pages_comparing

__all__ = ["ComparedRole", "apidiff_pageref", "setup_pageref"]


class apidiff_pageref(nodes.Inline, nodes.Element):
    """Placeholder, replaced at write time."""


class ComparedRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_title, title, target = split_explicit_title(self.text)
        target = target.strip()
        # it holds its text, so that a title's copy (the toctree, the HTML <title>, made
        # before the placeholder is replaced) reads "About numpy.sum", not "About "
        shown = nodes.literal(target, title if has_title else target, classes=["xref"])
        node = apidiff_pageref(
            self.rawtext, shown, target=target, title=title if has_title else None
        )
        self.set_source_info(node)
        depends_on_project(self.env, self.env.docname)
        return [node], []


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(apidiff_pageref)):
        target, title = node["target"], node["title"]
        code = nodes.literal(target, title or target, classes=["xref", "apidiff-compared"])
        pages = pages_comparing(app.env, target)
        if not pages:
            warn(Warn.UNCOMPARED, f":apidiff: no page compares {target!r}", node)
            node.replace_self(code)
            continue
        link = page_link(app, docname, pages[0], text="")
        link.children = []
        link += code
        link["reftitle"] = app.env.titles[pages[0]].astext() if pages[0] in app.env.titles else ""
        node.replace_self(link)


def setup_pageref(app: Sphinx) -> None:
    add_placeholder(app, apidiff_pageref, show_children=True)
    app.add_role("apidiff", ComparedRole())
    app.connect("doctree-resolved", _resolve)
