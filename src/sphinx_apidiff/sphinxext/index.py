"""``apidiff-index``: the table of every comparison in the project, generated, never hand-kept.

The directive leaves a placeholder; at write time it becomes a table with one row per
``apidiff`` directive of the whole project (from the per-document records that
:mod:`.state` keeps), linking to each page. The pages holding an index are written again
whenever any page was read, so the table never goes stale.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..comparison import CATEGORIES
from ..describe import Describer
from .i18n import _
from .options import LenientDirective
from .placeholders import add_placeholder
from .state import all_records, mark_index
from .warnings import Warn

__all__ = ["ApiDiffIndexDirective", "apidiff_index", "setup_index"]


class apidiff_index(nodes.General, nodes.Element):
    """Placeholder, replaced at write time."""


class ApiDiffIndexDirective(LenientDirective):
    """``.. apidiff-index::`` with an optional ``:category:`` filter."""

    has_content = False
    NAME = "apidiff-index"
    KNOWN: ClassVar = {"category": str}

    def run(self) -> list[nodes.Node]:
        self.check_options()
        text = self.options.get("category") or ""
        # codes are space or comma separated; an author's own words ("usage differs") by commas
        parts = text.split(",") if "," in text else text.split()
        categories = [" ".join(part.split()) for part in parts if part.strip()]
        unknown = [c for c in categories if c not in CATEGORIES]
        if unknown:
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff-index :category: {', '.join(map(repr, unknown))} is not a computed "
                f"category ({', '.join(CATEGORIES)}); it matches only pages whose :category: "
                "option says so",
                "category",
            )
        node = apidiff_index(categories=categories)
        self.set_source_info(node)
        mark_index(self.env, self.env.docname)
        return [node]


def _table(app: Sphinx, docname: str, categories: list[str]) -> nodes.table:
    builder = app.builder
    table = nodes.table(classes=["apidiff-index", "colwidths-given"])
    group = nodes.tgroup(cols=4)
    table += group
    for width in (30, 30, 25, 15):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body

    def row(cells: list[nodes.Node | str], into: nodes.Element) -> None:
        tr = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            para = nodes.paragraph()
            para += cell if isinstance(cell, nodes.Node) else nodes.Text(cell)
            entry += para
            tr += entry
        into += tr

    row([_("Left"), _("Right"), _("Category"), _("Page")], head)
    records = sorted(
        ((doc, pair) for doc, record in all_records(app.env).items() for pair in record.pairs),
        key=lambda item: (item[1].left, item[1].right, item[0]),
    )
    for doc, record in records:
        category = record.category or ""
        if categories and category not in categories:
            continue
        words = Describer(record.left_label, record.right_label, gettext=_)
        link = nodes.reference("", "", internal=True)
        try:
            link["refuri"] = builder.get_relative_uri(docname, doc)
        except Exception:  # builders without URIs (e.g. gettext) get plain text
            link = nodes.inline()
        link += nodes.Text(app.env.titles[doc].astext() if doc in app.env.titles else doc)
        shown = words.category(category) if category else "—"
        kinds = words.kinds(record.kinds)
        row(
            [
                nodes.literal(text=record.left),
                nodes.literal(text=record.right),
                f"{shown} ({kinds})" if kinds else shown,
                link,
            ],
            body,
        )
    return table


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(apidiff_index)):
        table = _table(app, docname, node["categories"])
        for sub in table.findall(nodes.TextElement):
            sub["translatable"] = False
        # a wide table scrolls inside its own box, never the page
        node.replace_self(nodes.container("", table, classes=["apidiff-scroll"]))


def _rewrite_holders(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return [doc for doc, record in all_records(env).items() if record.holds_index]


def setup_index(app: Sphinx) -> None:
    add_placeholder(app, apidiff_index)
    app.add_directive("apidiff-index", ApiDiffIndexDirective)
    app.connect("doctree-resolved", _resolve)
    app.connect("env-updated", _rewrite_holders)
