"""The toctrees of an imported set, folder by folder, as the teams organise their sites.

One toctree holding every page (1,600 for PaddlePaddle) is copied by themes that draw the
global toctree (alabaster's sidebar, the default) into every page: a build of minutes
becomes one of most of an hour. So each folder that holds pages gets an index page of its
own (``api_difference/Tensor/index``), titled with the folder's path below the nearest
folder index above it, whose toctree names the folder's pages and the index pages of the
folders below it; the top index (the team's, or the root) names the top folders' index
pages and the pages at the root. A page's sidebar then lists the pages of its own folder,
never those of another.

- A folder holding a single page and no folder with an index below it gets no index: the
  page is named where the folder would be (an index page with one line is a click for
  nothing). A folder holding no page directly (``api_difference``) gets none either: the
  index pages of its sub-folders are named where it would be.
- An index page is named ``index`` unless a page of ``SRC`` (or the team's index) already
  has that name in the folder; then ``index-2``, ``index-3``, ...: it never takes a page's
  place.
- Every page is in exactly one toctree.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from .syntax import Syntax

__all__ = ["FolderIndex", "folder_index_text", "folder_indexes"]


@dataclass(frozen=True)
class FolderIndex:
    """The index page of one folder: its docname, title and toctree (docnames from the root)."""

    folder: str
    docname: str
    title: str
    entries: tuple[str, ...]

    def report(self, suffix: str) -> dict:
        return {
            "folder": self.folder,
            "output": self.docname + suffix,
            "entries": len(self.entries),
        }


def _parent(docname: str) -> str:
    parent = str(PurePosixPath(docname).parent)
    return "" if parent == "." else parent


def folder_indexes(
    docnames: Iterable[str], taken: Iterable[str] = ()
) -> tuple[list[FolderIndex], list[str]]:
    """The folder index pages of a set of pages (``docnames``, from the root), and what the
    top index's toctree names (docnames from the root). ``taken``: the docnames an index page
    must not have besides the pages' (the other files of ``SRC``, the team's index)."""
    docnames = sorted(set(docnames))
    taken = {*taken, *docnames}
    pages: dict[str, list[str]] = {}
    below: dict[str, set[str]] = {}
    for docname in docnames:
        folder = _parent(docname)
        pages.setdefault(folder, []).append(docname)
        while folder:
            parent = _parent(folder)
            below.setdefault(parent, set()).add(folder)
            folder = parent
    made: list[tuple[str, str, tuple[str, ...]]] = []

    def visit(folder: str) -> list[str]:
        entries = list(pages.get(folder, []))
        for sub in sorted(below.get(folder, ())):
            entries += visit(sub)
        if not folder or not pages.get(folder) or len(entries) < 2:
            return entries  # named where the folder would be
        name, n = f"{folder}/index", 1
        while name in taken:
            n += 1
            name = f"{folder}/index-{n}"
        made.append((folder, name, tuple(entries)))
        return [name]

    top = visit("")
    indexed = {folder for folder, _, _ in made}
    result = []
    for folder, name, entries in sorted(made):
        above = _parent(folder)
        while above and above not in indexed:
            above = _parent(above)
        title = folder[len(above) + 1 :] if above else folder
        result.append(FolderIndex(folder, name, title, entries))
    return result, top


def folder_index_text(index: FolderIndex, syntax: Syntax) -> str:
    """The page of ``index`` in ``syntax``: its title and its toctree."""
    start = len(index.folder) + 1
    entries = [entry[start:] for entry in index.entries]
    lines = [*syntax.title(index.title), ""]
    lines += [*syntax.directive("toctree", "", [("maxdepth", "1")], entries), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
