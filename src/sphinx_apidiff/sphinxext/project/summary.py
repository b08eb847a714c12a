"""``apidiff-summary``: the table of every comparison in the project, one row per comparison.

The directive leaves a placeholder; at write time it becomes a table: the two APIs (each name a
link to the page comparing them), the category, the number of differences and the examples'
status. The comparisons of one concept (``torch.sum`` compared with ``numpy.sum`` on one page
and with ``megengine.functional.sum`` on another: :mod:`sphinx_apidiff.concepts`) are next to
each other. A column's header is the framework its APIs share, or "From"/"To" with each
API's label in its cell. ``:label:`` and ``:category:`` filter it; ``:group-by: module`` makes it
a table per module of the left API (``torch.nn``, ``torch.Tensor``), each under a rubric (a
heading that is not a section: the page's own sections stay as the author wrote them), the
modules in name order (:func:`sphinx_apidiff.concepts.group_by_module`). HTML pages with a
summary get a small script that sorts each table and filters each summary (all the tables of a
grouped one, held in one ``apidiff-summary-groups`` container) in the browser
(``static/apidiff-summary.js``); other builders get the plain table.
``apidiff-index`` is the former name, and still works. Pages with a summary are written again
whenever any page changed (:mod:`.index`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from ...comparison import CATEGORIES
from ...concepts import (
    Entry,
    comparisons_shown,
    filter_concepts,
    filter_entries,
    group,
    group_by_module,
    package,
    titles,
    unknown_names,
)
from ...describe import Describer
from ...onesided import STATUSES
from ..directive import LenientDirective, add_placeholder, option_line
from ..examples.render import status_counts
from ..i18n import _, brackets, ngettext
from ..state.records import depends_on_project, doc_record
from ..warnings import Warn, warn
from .index import page_link, project_entries
from .onesided_summary import one_side_category, one_side_cell, right_title, right_titles

__all__ = ["ApiDiffIndexDirective", "ApiDiffSummaryDirective", "apidiff_summary", "setup_summary"]

SCRIPT = "apidiff-summary.js"
#: What ``:group-by:`` takes: the module of the left API.
GROUPINGS = ("module",)
STATIC = Path(__file__).resolve().parent.parent.parent / "static"


class apidiff_summary(nodes.General, nodes.Element):
    """Placeholder, replaced at write time."""


def _words(text: str) -> list[str]:
    """Space or comma separated; an author's own words ("usage differs") by commas."""
    parts = text.split(",") if "," in text else text.split()
    return [" ".join(part.split()) for part in parts if part.strip()]


class ApiDiffSummaryDirective(LenientDirective):
    """``.. apidiff-summary::`` with optional ``:label:`` and ``:category:`` filters."""

    # arguments and content are taken, then warned about as ours (apidiff.directive)
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    NAME = "apidiff-summary"
    KNOWN: ClassVar = {
        "category": directives.unchanged,
        "label": directives.unchanged,
        "group-by": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        self.check_options()
        if self.arguments or self.content:
            self.warn_at(
                Warn.DIRECTIVE,
                f"{self.name} takes no arguments or content (filter it with :label: and "
                ":category:); ignored",
            )
        for option in ("category", "label"):
            if option in self.options and not self.options[option].strip():
                self.warn_at(Warn.DIRECTIVE, f"{self.name} :{option}: is empty; ignored", option)
        group_by = (self.options.get("group-by") or "").strip()
        if "group-by" in self.options and group_by not in GROUPINGS:
            self.warn_at(
                Warn.DIRECTIVE,
                f"{self.name} :group-by: {group_by!r} is not one of {', '.join(GROUPINGS)}; "
                "one table is shown",
                "group-by",
            )
            group_by = ""
        node = apidiff_summary(
            directive=self.name,
            group_by=group_by,
            categories=_words(self.options.get("category") or ""),
            labels=_words(self.options.get("label") or ""),
            lines={
                option: option_line(self.block_text, self.lineno, option)
                for option in ("category", "label")
            },
        )
        self.set_source_info(node)
        depends_on_project(self.env, self.env.docname)
        return [node]


class ApiDiffIndexDirective(ApiDiffSummaryDirective):
    """``.. apidiff-index::``: the former name, the same directive."""

    NAME = "apidiff-index"


def _para(*content: nodes.Node | str, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    para = nodes.paragraph(classes=list(classes))
    for item in content:
        para += item if isinstance(item, nodes.Node) else nodes.Text(item)
    return para


def _category_cell(entry: Entry, title: dict[str, str]) -> nodes.paragraph:
    # words by the packages' titles, so that one category reads the same on every row; two
    # APIs of one package go by the labels their page tells them apart with ("arange",
    # "linspace"), not "only in numpy" for both sides
    if entry.record.status is not None:  # a page with one side: its status
        return one_side_category(entry)
    left, right = title[package(entry.left)], title[package(entry.right)]
    if left == right:
        left, right = entry.left_label, entry.right_label
    words = Describer(left, right, gettext=_, ngettext=ngettext)
    category = entry.category or ""
    shown = words.category(category) if category else "—"
    kinds = words.kinds(dict(entry.kinds))
    # the script offers the category words (without the kinds) as a filter
    classes = ("apidiff-category", "apidiff-has-kinds") if kinds else ("apidiff-category",)
    cat = _para(shown, classes=classes)
    if kinds:  # same text as "words (kinds)"; the kinds are styled as a quieter second line
        opening, closing = brackets()
        cat += nodes.Text(opening[: len(opening) - len(opening.lstrip())])
        cat += nodes.inline(text=opening.lstrip() + kinds + closing, classes=["apidiff-kinds"])
    return cat


def _api_cell(app: Sphinx, docname: str, entry: Entry, path: str, label: str | None) -> list:
    """The API's name, a link to the page comparing it; its label first when the column's
    header does not say it."""
    link = page_link(app, docname, entry.docname, text=path)
    if isinstance(link, nodes.reference):  # the name as code, inside the link
        link.children = [nodes.literal(path, path)]
    paras = [_para(link)]
    if label is not None:
        paras.insert(0, _para(label, classes=("apidiff-side-label",)))
    return paras


def _cell(row: nodes.row, paras: list[nodes.Node], column: str) -> None:
    entry = nodes.entry(classes=[f"apidiff-col-{column}"])
    entry += paras or [_para("—")]
    row += entry


def _heading(titles_: set[str], generic: str) -> tuple[str, bool]:
    """A column's header: the one title its APIs share, or ``generic`` (then each cell says
    its API's label)."""
    return (next(iter(titles_)), False) if len(titles_) == 1 else (generic, True)


def _check_filters(docname: str, node: apidiff_summary, entries: list[Entry]) -> None:
    """Warn about each filter that matches nothing in the whole project (the project is known
    only now: a page's own ``:category:`` is a category too)."""
    name = node.get("directive", "apidiff-summary")
    lines = node.get("lines", {})
    used = {e.category for e in entries}
    known = (*CATEGORIES, *STATUSES)
    unknown = [c for c in node["categories"] if c not in known and c not in used]
    if unknown:
        warn(
            Warn.DIRECTIVE,
            f"{name} :category: {', '.join(map(repr, unknown))} is neither a computed "
            f"category ({', '.join(known)}) nor the :category: of any page; it matches "
            "nothing",
            (docname, lines.get("category", node.line)),
        )
    missing = unknown_names(entries, node["labels"])
    if missing:
        warn(
            Warn.DIRECTIVE,
            f"{name} :label: {', '.join(map(repr, missing))} names no package and no label "
            "of any comparison in the project; it matches nothing",
            (docname, lines.get("label", node.line)),
        )


def summary_tables(
    app: Sphinx, docname: str, node: apidiff_summary
) -> list[tuple[str | None, nodes.table]]:
    """The tables for the placeholder ``node`` on page ``docname``, from every page's record:
    one row per comparison, the comparisons of one concept next to each other; one table,
    or with ``:group-by: module`` ``(module, table)`` per module of the left API (the same
    columns in each)."""
    # the project index: every record as an entry, examples' status included
    entries = list(project_entries(app))
    _check_filters(docname, node, entries)
    found = filter_entries(entries, node["categories"])
    concepts = filter_concepts(group(found), node["labels"])
    title = titles(concepts)
    entries = comparisons_shown(concepts, node["labels"])
    if node.get("group_by") == "module" and entries:
        groups: list[tuple[str | None, list[Entry]]] = list(group_by_module(entries))
    else:
        groups = [(None, entries)]
    return [(name, _table(app, docname, shown, entries, title)) for name, shown in groups]


def _table(
    app: Sphinx, docname: str, shown: list[Entry], entries: list[Entry], title: dict[str, str]
) -> nodes.table:
    """The table of the comparisons ``shown``; its headers from all the ``entries`` of the
    summary, so that the tables of one summary have the same columns."""
    left_head, left_says = _heading({title[package(e.left)] for e in entries}, _("From"))
    right_head, right_says = _heading(right_titles(entries, title), _("To"))
    # (header, column, width): widths in characters for the text builder, shares for HTML
    heads = [
        (left_head, "api", 20),
        (right_head, "api", 20),
        (_("Category"), "category", 24),
        (_("Differences"), "changed", 13),
        (_("Examples"), "examples", 12),
    ]
    table = nodes.table(classes=["apidiff-index", "apidiff-summary"])
    if app.builder.format != "html":  # HTML sizes the columns by their content
        table["classes"].append("colwidths-given")
    group_ = nodes.tgroup(cols=len(heads))
    table += group_
    for _text, _column, width in heads:
        group_ += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head_row = nodes.row()
    for text, column, _width in heads:
        _cell(head_row, [_para(text)], column)
    head += head_row
    body = nodes.tbody()

    def said(header: str) -> list[nodes.Node]:
        """In HTML, a cell also names its column, shown only where the rows are stacked
        (a phone: the header row is hidden there)."""
        if app.builder.format != "html":
            return []
        # Translators: a column's name before a cell's value ("Differences: 3")
        said = _("{column}: ").format(column=header)
        return [nodes.inline(text=said, classes=["apidiff-cell-head"])]

    for entry in shown:
        row = nodes.row()
        left_label = title[package(entry.left)] if left_says else None
        right_label = right_title(entry, title) if right_says else None
        _cell(row, _api_cell(app, docname, entry, entry.left, left_label), "api")
        if entry.record.status is not None:
            _cell(row, one_side_cell(app, docname, entry, right_label, _api_cell), "api")
        else:
            _cell(row, _api_cell(app, docname, entry, entry.right, right_label), "api")
        _cell(row, [_category_cell(entry, title)], "category")
        changed = "—" if entry.changed is None else str(entry.changed)
        _cell(row, [_para(*said(heads[3][0]), changed)], "changed")
        _cell(row, [_para(*said(heads[4][0]), status_counts(entry.examples))], "examples")
        body += row
    group_ += head
    group_ += body
    return table


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(apidiff_summary)):
        shown: list[nodes.Node] = []
        tables = summary_tables(app, docname, node)
        for module, table in tables:
            if module is not None:  # a rubric: every builder has it, no section is opened
                literal = nodes.literal(module, module)
                rubric = nodes.rubric("", "", literal, classes=["apidiff-summary-group"])
                rubric["translatable"] = False  # a module's name
                shown.append(rubric)
            for sub in table.findall(nodes.TextElement):
                sub["translatable"] = False
            # a wide table scrolls inside its own box, never the page
            shown.append(
                nodes.container("", table, classes=["apidiff-scroll", "apidiff-summary-box"])
            )
        if any(module is not None for module, _table in tables):
            # one box for the groups of one summary: the script filters them as one
            shown = [nodes.container("", *shown, classes=["apidiff-summary-groups"])]
        node.replace_self(shown)


def _add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The sort/filter script, only on the HTML pages that show a summary."""
    if doctree is None or not doc_record(app.env, pagename).depends_on_project:
        return  # most pages: no walk of the doctree
    if any("apidiff-summary" in n["classes"] for n in doctree.findall(nodes.table)):
        app.add_js_file(SCRIPT, defer="defer")


def _copy_script(app: Sphinx, exception: Exception | None) -> None:
    """Into ``_static`` of HTML builds, overwritten (an upgrade leaves no old script)."""
    if exception is None and app.builder.format == "html" and app.builder.name != "epub":
        target = os.path.join(app.outdir, "_static")
        os.makedirs(target, exist_ok=True)
        shutil.copyfile(STATIC / SCRIPT, os.path.join(target, SCRIPT))


def setup_summary(app: Sphinx) -> None:
    add_placeholder(app, apidiff_summary)
    app.add_directive("apidiff-summary", ApiDiffSummaryDirective)
    app.add_directive("apidiff-index", ApiDiffIndexDirective)
    app.connect("doctree-resolved", _resolve)
    app.connect("html-page-context", _add_script)
    app.connect("build-finished", _copy_script)
