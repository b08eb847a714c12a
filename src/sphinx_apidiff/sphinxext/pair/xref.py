"""``:apidiff-api:`dotted.path```: a link to an API's own reference page, never a nitpick.

It is a ``py`` cross-reference (so the project's own objects and intersphinx resolve it), then
``apidiff_reference_urls`` links it by package. When nothing resolves it, it is plain code (not
styled as a reference) without a warning, even with ``nitpicky = True``: a comparison page often
names APIs whose docs are nowhere in reach.

``:apidiff-see-more:`dotted.path``` is the same link for a card's "See more:" line, which says
nothing when nothing resolves it: a line of plain code there reads as a broken link.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole

from ...links import reference_url
from ..config import get_config

__all__ = ["ApiRole", "SeeMoreRole", "drop_unresolved_see_more", "quiet_missing_reference"]

_QUIET = "apidiff_quiet"
_SEE_MORE = "apidiff_see_more"
#: The class of what an unresolved "See more" link leaves until its line is dropped.
_UNRESOLVED_SEE_MORE = "apidiff-unresolved-see-more"


class ApiRole(SphinxRole):
    see_more = False

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        target = self.text.strip()
        ref = addnodes.pending_xref(
            self.rawtext,
            refdomain="py",
            reftype="obj",
            reftarget=target,
            refexplicit=False,
            refwarn=False,
            refdoc=self.env.docname,
        )
        ref[_QUIET] = True
        ref[_SEE_MORE] = self.see_more
        ref += nodes.literal(target, target, classes=["xref", "py", "py-obj"])
        self.set_source_info(ref)
        return [ref], []


class SeeMoreRole(ApiRole):
    see_more = True


def quiet_missing_reference(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """After the py domain and intersphinx: a URL template, else plain code, no warning."""
    if not node.get(_QUIET):
        return None
    target = node["reftarget"]
    url = reference_url(target, get_config(env).reference_urls)
    if url is not None:
        link = nodes.reference("", "", internal=False, refuri=url, reftitle=target)
        link += contnode
        return link
    if node.get(_SEE_MORE):
        return nodes.literal(target, target, classes=["apidiff-unresolved", _UNRESOLVED_SEE_MORE])
    return nodes.literal(target, target, classes=["apidiff-unresolved"])


def drop_unresolved_see_more(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A "See more:" line whose link nothing resolved is left out; elsewhere (a template
    that puts the link inside other text) the link stays plain code."""
    for node in list(doctree.findall(nodes.literal)):
        if _UNRESOLVED_SEE_MORE not in node["classes"]:
            continue
        node["classes"].remove(_UNRESOLVED_SEE_MORE)
        line = node.parent
        others = [child for child in line.children if child is not node]
        alone = isinstance(line, nodes.paragraph) and all(
            isinstance(child, nodes.Text) for child in others
        )
        if alone and line.parent is not None:
            line.parent.remove(line)
