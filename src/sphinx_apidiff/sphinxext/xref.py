"""``:apidiff-api:`dotted.path```: a link to an API's own reference page, never a nitpick.

It is a ``py`` cross-reference (so the project's own objects and intersphinx resolve it). When
nothing resolves it, it stays plain code without a warning, even with ``nitpicky = True``: a
comparison page often names APIs whose docs are nowhere in reach.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole

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
    """Last resort for our references: plain text, no warning."""
    if node.get(_QUIET):
        return contnode
    return None
