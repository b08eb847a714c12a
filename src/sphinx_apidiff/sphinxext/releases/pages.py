"""An overview's member links to the page that compares it, when the project has one: a
placeholder left at read time, resolved when the page is written (every page is read by
then), as ``:apidiff:`` does; no page, no link and no warning (most members have none)."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..directive import add_placeholder

# ``..project`` is imported where it is used: it imports this package (for the export)

__all__ = ["compared_on", "setup_pages"]


class apidiff_overview_page(nodes.Inline, nodes.Element):
    """Placeholder for "compared on PAGE", replaced at ``doctree-resolved``."""


def compared_on(env: BuildEnvironment, path: str) -> nodes.Element:
    """The placeholder after ``path`` in an overview (the page is written again when any
    page of the project changes)."""
    from ..state.records import depends_on_project

    depends_on_project(env, env.docname)
    return apidiff_overview_page("", target=path)


def _pages(env: BuildEnvironment, path: str) -> list[str]:
    """The pages with a side that is ``path``, at any release (``numpy.reshape@1.26.4``)."""
    from ..project.index import project_index

    found = {
        page
        for key, pages in project_index(env).pages.items()
        if key == path or key.startswith(path + "@")
        for page in pages
    }
    return sorted(found)


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from ..project.index import page_link

    for node in list(doctree.findall(apidiff_overview_page)):
        pages = [p for p in _pages(app.env, node["target"]) if p != docname]
        if not pages:
            node.parent.remove(node)
            continue
        holder = nodes.inline(classes=["apidiff-overview-page"])
        holder += nodes.Text(" — ")
        holder += page_link(app, docname, pages[0])
        node.replace_self(holder)


def setup_pages(app: Sphinx) -> None:
    add_placeholder(app, apidiff_overview_page)
    app.connect("doctree-resolved", _resolve)
