"""A team's index (:mod:`.indexes`), written again as the project-wide view of the imported set.

What the index says becomes what the extension generates and reads:

- rows that link a page: the page's comparison is in ``apidiff-summary`` (grouped by module,
  as the team's tables are); a row linking a page that was not imported is reported;
- rows with a counterpart but no page, with no counterpart (and why), or naming another API's
  alias: coverage notes (``apidiff_coverage_notes``, written to a JSON file beside
  ``conf.py``), shown by one ``apidiff-coverage`` per module of the source framework that
  the index lists such rows for. Where the library is installed, a note for an API the module
  does not have is left out and reported (the build would warn about it);
- the index page keeps its path (its URL) and labels, and holds the toctree of the top
  folders' index pages and of the pages at the root (:mod:`.folders`: each folder's index
  page holds its own pages); the root ``index`` is a toctree holding it.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..coverage_notes import note_from_dict
from .common import RIGHT_LABELS
from .folders import folder_index_text, folder_indexes
from .indexes import Index, IndexRow
from .model import Page
from .syntax import Syntax

__all__ = ["NOTES_FILE", "ImportedPage", "ProjectFiles", "project_files"]

#: The coverage notes, beside ``conf.py``.
NOTES_FILE = "apidiff-coverage-notes.json"


@dataclass(frozen=True)
class ImportedPage:
    """A page written by the importer: its docname, its labels and its comparisons."""

    docname: str
    labels: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    #: Its cross-references as written (a role's text -> its line).
    references: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, page: Page, docname: str, parts: Iterable[dict]) -> ImportedPage:
        """``page`` as read, written as ``docname`` with these ``parts`` (the converter's)."""
        pairs = tuple((p["left"], p["right"]) for p in parts if p["became"] == "apidiff")
        refs = tuple(
            (link.text, link.line) for link in page.links if link.url in (":ref:", ":doc:")
        )
        return cls(docname, page.labels, pairs, refs)


@dataclass
class ProjectFiles:
    #: (path relative to OUT, text) of each file to write.
    files: list[tuple[str, str]] = field(default_factory=list)
    #: Lines for ``conf.py``.
    conf: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)
    #: What the top index's toctree names (docnames from the root; :mod:`.folders`).
    toc: list[str] = field(default_factory=list)
    #: The folder index pages written (their report entries).
    folders: list[dict] = field(default_factory=list)


def _module(api: str) -> str:
    return api.rsplit(".", 1)[0]


def _target(index: Index, row: IndexRow, pages: list[ImportedPage]) -> str | None:
    """The docname of the imported page ``row`` links, None when none."""
    if row.page is None:
        return None
    by_label = {label: p.docname for p in pages for label in p.labels}
    if row.page in by_label:
        return by_label[row.page]
    folder = PurePosixPath(index.path).parent
    docname = str(folder / row.page) if str(folder) != "." else row.page
    return docname if any(p.docname == docname for p in pages) else None


def project_files(
    index: Index,
    pages: list[ImportedPage],
    syntax: Syntax,
    callables: Callable[[str], set[str] | None],
    installed: Callable[[str], bool],
    toc: list[str] | None = None,
) -> ProjectFiles:
    """The index page, the root page, the coverage notes and their report.
    ``callables(module)``: the public callables of a module where it can be read here, None
    where it cannot (not installed, or not a module); ``installed(package)``; ``toc``: what
    the index page's toctree names (docnames from the root; default: every page)."""
    fates: list[dict] = []
    notes: dict[str, dict[str, str]] = {}
    note_rows: dict[str, int] = {}

    def note(row: IndexRow, api: str, kind: str, value: str) -> None:
        try:
            note_from_dict(api, {kind: value})
        except ValueError as exc:
            fates.append({"line": row.line, "api": api, "became": "reported", "reason": str(exc)})
            return
        if api in notes:
            first = note_rows[api]
            fates.append(
                {"line": row.line, "api": api, "became": "reported", "reason": f"row {first} too"}
            )
            return
        notes[api], note_rows[api] = {kind: value}, row.line
        fates.append({"line": row.line, "api": api, "became": "coverage-note", kind: value})

    for row in index.rows:
        if row.kind in ("page", "counterpart") and row.right is not None:
            target = _target(index, row, pages)
            if target is not None:
                fates.append({"line": row.line, "became": "summary", "page": target})
                continue
            if row.page is not None:
                fates.append(
                    {"line": row.line, "became": "reported", "reason": f"{row.page}: not imported"}
                )
            for api in row.left:
                note(row, api, "counterpart", row.right)
        elif row.kind == "no-counterpart" and row.reason:
            for api in row.left:
                note(row, api, "reason", row.reason)
        elif row.kind == "alias" and row.alias:
            for api in row.left:
                note(row, api, "alias", row.alias)
        elif row.kind == "pages":
            fates.append({"line": row.line, "became": "summary", "reason": "the pages it lists"})
        else:
            fates.append({"line": row.line, "became": "reported", "reason": row.kind})

    modules = _coverage_modules(notes, pages, index.format, callables, installed, fates)
    name = str(PurePosixPath(index.path).with_suffix(""))
    lines = [line for label in index.labels for line in (*syntax.label(label), "")]
    lines += [*syntax.title(index.title), ""]
    lines += [*syntax.directive("apidiff-summary", "", [("group-by", "module")]), ""]
    for covered, other in modules:
        lines += [*syntax.directive("apidiff-coverage", f"{covered} {other}"), ""]
    toc = [p.docname for p in pages] if toc is None else toc
    docnames = [_relative(docname, name) for docname in toc]
    lines += [*syntax.directive("toctree", "", [("maxdepth", "1")], docnames), ""]
    files = [(name + syntax.suffix, "\n".join(lines).rstrip("\n") + "\n")]
    if name != "index":
        root = [*syntax.title(index.title), ""]
        root += [*syntax.directive("toctree", "", [("maxdepth", "2")], [name]), ""]
        files.append(("index" + syntax.suffix, "\n".join(root).rstrip("\n") + "\n"))
    conf = []
    if notes:
        text = json.dumps(notes, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        files.append((NOTES_FILE, text))
        conf = [
            "# What the team's index says of the APIs with no page (see import-report.json)",
            f"apidiff_coverage_notes = {NOTES_FILE!r}",
            "",
        ]
    counts = Counter(f["became"] for f in fates)
    why = "the summary and the coverage tables replace the index's own text"
    report = {
        "page": index.path,
        "output": files[0][0],
        "parts": [
            {"kind": kind, "line": line, "became": "not kept", "reason": why}
            for kind, line, _text in index.other
        ],
        "rows": fates,
        "summary": dict(sorted(counts.items())),
        "coverage": [f"{c} {o}" for c, o in modules],
    }
    return ProjectFiles(files, conf, report)


def _relative(docname: str, index_name: str) -> str:
    """``docname`` as the index page's toctree names it (absolute: from the root)."""
    return "/" + docname if "/" in index_name else docname


def _coverage_modules(
    notes: dict[str, dict[str, str]],
    pages: Iterable[ImportedPage],
    fmt: str,
    callables: Callable[[str], set[str] | None],
    installed: Callable[[str], bool],
    fates: list[dict],
) -> list[tuple[str, str]]:
    """(module, other module) of each coverage table: the modules of the noted APIs, each with
    the module its counterparts are in most often (else the target framework's package).
    Notes for an API a readable module does not have are dropped (and reported)."""
    right_of: dict[str, Counter] = {}
    packages: Counter = Counter()
    for api, fields in notes.items():
        if "counterpart" in fields:
            right_of.setdefault(_module(api), Counter())[_module(fields["counterpart"])] += 1
            packages[fields["counterpart"].split(".")[0]] += 1
    for page in pages:
        for left, right in page.pairs:
            right_of.setdefault(_module(left), Counter())[_module(right)] += 1
            packages[right.split(".")[0]] += 1
    fallback = packages.most_common(1)[0][0] if packages else RIGHT_LABELS.get(fmt, ("",))[0]
    modules = []
    for module in sorted({_module(api) for api in notes}):
        names = callables(module)
        if names is not None:
            for api in [a for a in notes if _module(a) == module]:
                if api.rsplit(".", 1)[1] not in names:
                    del notes[api]
                    why = f"{module} has no callable {api.rsplit('.', 1)[1]} here"
                    for fate in fates:
                        if fate.get("api") == api and fate["became"] == "coverage-note":
                            fate.update(became="reported", reason=why)
            if not any(_module(a) == module for a in notes):
                continue
        elif installed(module.split(".")[0]):
            continue  # installed, but not a module (a class such as torch.Tensor): no table
        counts = right_of.get(module)
        modules.append((module, counts.most_common(1)[0][0] if counts else fallback))
    return modules


#: What ``conf.py`` says for a format's pages beyond the scaffold's: MegEngine's house style
#: (the headings and order its readers know).
FORMAT_CONF = {"megengine": ["# MegEngine's house style", 'apidiff_layout = "megengine"', ""]}


def import_project(
    fmt: str,
    indexes: list[Index],
    pages: list[ImportedPage],
    libraries,
    taken: Iterable[str] = (),
) -> ProjectFiles:
    """The project-wide files of an import: each folder's index page (:mod:`.folders`;
    ``taken``: the docnames of ``SRC``'s files, which no index page may have), from the first
    index found (the others are reported) the index page, none without one; and
    ``conf.py``'s lines for the format. ``libraries``: :class:`~.audit.Libraries` (what is
    installed here)."""
    from ..api import ApiDiffError
    from ..coverage import read_module
    from .syntax import SYNTAXES

    def callables(module: str) -> set[str] | None:
        if not libraries.installed(module.split(".")[0]):
            return None
        try:
            return set(read_module(module).callables)
        except ApiDiffError:
            return None

    syntax = SYNTAXES[fmt]
    taken = {*taken, "index", *(str(PurePosixPath(i.path).with_suffix("")) for i in indexes)}
    folders, toc = folder_indexes([p.docname for p in pages], taken)
    files = [(f.docname + syntax.suffix, folder_index_text(f, syntax)) for f in folders]
    written = [f.report(syntax.suffix) for f in folders]
    if not indexes:
        return ProjectFiles(files, list(FORMAT_CONF.get(fmt, [])), toc=toc, folders=written)
    project = project_files(indexes[0], pages, syntax, callables, libraries.installed, toc)
    project.files += files
    project.toc, project.folders = toc, written
    project.conf = [*FORMAT_CONF.get(fmt, []), *project.conf]
    project.report["others"] = [
        {
            "page": other.path,
            "became": "reported",
            "reason": "a second index: only the first is used",
        }
        for other in indexes[1:]
    ]
    return project


def relink(
    texts: list[str], pages: list[ImportedPage], indexes: list[Index]
) -> list[tuple[str, list[dict]]]:
    """Each rst page's text (``texts[k]`` is ``pages[k]``'s) with its links to what the set
    does not have made plain text, and their fates (:mod:`.references`)."""
    from .references import plain_references

    labels = {label for p in pages for label in p.labels}
    labels |= {label for index in indexes for label in index.labels}
    docnames = {p.docname for p in pages} | {"index"}
    docnames |= {str(PurePosixPath(index.path).with_suffix("")) for index in indexes}
    return [
        plain_references(t, p.docname, labels, docnames, dict(reversed(p.references)))
        for t, p in zip(texts, pages, strict=True)
    ]
