"""``:apidiff-api:`dotted.path```: a link to an API's own reference page, never a nitpick.

It is a ``py`` cross-reference (so the project's own objects and intersphinx resolve it), then
``apidiff_reference_urls`` links it by package. When nothing resolves it, it is plain code (not
styled as a reference) without a warning, even with ``nitpicky = True``: a comparison page often
names APIs whose docs are nowhere in reach.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole

from ..links import reference_url

__all__ = ["ApiRole", "quiet_missing_reference"]

_QUIET = "apidiff_quiet"


class ApiRole(SphinxRole):
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
        ref += nodes.literal(target, target, classes=["xref", "py", "py-obj"])
        self.set_source_info(ref)
        return [ref], []


def quiet_missing_reference(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """After the py domain and intersphinx: a URL template, else plain code, no warning."""
    if not node.get(_QUIET):
        return None
    target = node["reftarget"]
    url = reference_url(target, app.config.apidiff_reference_urls)
    if url is not None:
        link = nodes.reference("", "", internal=False, refuri=url, reftitle=target)
        link += contnode
        return link
    return nodes.literal(target, target, classes=["apidiff-unresolved"])
