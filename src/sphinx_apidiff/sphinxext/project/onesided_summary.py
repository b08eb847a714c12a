"""The summary's cells for a page with one side (``apidiff-one``): its status as the category,
its replacements (or the status) in the right-hand column, and the column's title.

Kept apart from :mod:`.summary`, which calls these for an entry whose record has a status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from docutils import nodes
from sphinx.application import Sphinx

from ...concepts import Entry, package
from ..statuses import status_words

__all__ = ["one_side_category", "one_side_cell", "right_title", "right_titles"]


def _para(*content: nodes.Node | str, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    para = nodes.paragraph(classes=list(classes))
    for item in content:
        para += item if isinstance(item, nodes.Node) else nodes.Text(item)
    return para


def right_title(entry: Entry, title: dict[str, str]) -> str | None:
    """The title of the entry's right-hand framework: the package's title, for a page with one
    side its target's (None when it names none)."""
    pkg = entry.record.right_package
    if pkg is None:
        return None
    return title.get(pkg) or entry.right_label or pkg


def right_titles(entries: Iterable[Entry], title: dict[str, str]) -> set[str]:
    """The titles of the right-hand frameworks of ``entries`` (a page with one side that
    names no target adds none)."""
    found = (right_title(entry, title) for entry in entries)
    return {name for name in found if name is not None}


def one_side_category(entry: Entry) -> nodes.paragraph:
    """The category cell: the status in words (the script filters on them as on a category)."""
    return _para(status_words()[entry.record.status or "missing"], classes=("apidiff-category",))


def one_side_cell(
    app: Sphinx,
    docname: str,
    entry: Entry,
    label: str | None,
    api_cell: Callable[[Sphinx, str, Entry, str, str | None], list],
) -> list[nodes.Node]:
    """The right-hand cell: each replacement as the summary shows an API (a link to the page);
    with none, the status in words."""
    record = entry.record
    if not record.replacements:
        paras = [_para(status_words()[record.status or "missing"], classes=("apidiff-status",))]
        if label is not None:
            paras.insert(0, _para(label, classes=("apidiff-side-label",)))
        return paras
    cells: list[nodes.Node] = []
    for number, path in enumerate(record.replacements):
        shown = label if number == 0 and package(path) == record.target else None
        cells += api_cell(app, docname, entry, path, shown)
    return cells
