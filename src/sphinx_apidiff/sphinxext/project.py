"""The project-wide layer: pages that depend on every page, and the ``apidiff.json`` export.

A page with a summary, a coverage table or an ``:apidiff:`` link shows what other pages
compare, so it is written again whenever any page was read or removed (the state's
``holds_index`` flag marks it; :func:`depends_on_project`). The export is written at
``build-finished`` from the per-document records (:mod:`.state`) and the pages' comparisons
files (:mod:`.comparison_files`, read one page at a time) when something changed or the
file is missing: every pair's comparison, page URL, note anchors and examples' status
(:mod:`sphinx_apidiff.export`). Builders that write pages get it; those that write no pages
(``gettext``, ``linkcheck``, ``dummy``) do not. Only HTML builders give URLs.
"""

from __future__ import annotations

import dataclasses
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..concepts import Entry
from ..export import ExportPair, write_export
from ..files import atomic_writer
from .comparison_files import page_comparisons
from .config import _conf_location
from .example_runs import settle_examples
from .releases.records import overview_records
from .state import all_records, doc_record, example_status, from_records, mark_index
from .warnings import Warn, warn

__all__ = [
    "NO_EXPORT_BUILDERS",
    "ProjectIndex",
    "comparison_loader",
    "depends_on_project",
    "export_pairs",
    "page_link",
    "pages_comparing",
    "project_entries",
    "project_index",
]

#: Builders that write no pages, and so no ``apidiff.json``.
NO_EXPORT_BUILDERS = frozenset({"gettext", "linkcheck", "dummy"})

#: app -> did this build read or remove a page (or run every example again)?
_CHANGED: weakref.WeakKeyDictionary[Sphinx, bool] = weakref.WeakKeyDictionary()


def depends_on_project(env: BuildEnvironment, docname: str) -> None:
    """``docname`` shows what other pages compare: write it again when any page changes."""
    mark_index(env, docname)


@dataclass(frozen=True)
class ProjectIndex:
    """Every comparison of the project, read once from the records for all the project-wide
    views (summary, coverage, ``:apidiff:``, export) until a record changes
    (:func:`.state.from_records`)."""

    #: Every pair in page order (pages sorted by name), examples' status left empty.
    entries: tuple[Entry, ...]
    #: Dotted path -> the pages with a comparison one side of which it is, sorted.
    pages: dict[str, list[str]]
    #: Every ``(left, right)`` compared.
    compared: frozenset[tuple[str, str]]


def _build_index(env: BuildEnvironment) -> ProjectIndex:
    entries = []
    pages: dict[str, set[str]] = {}
    for docname, record in all_records(env).items():
        for position, pair in enumerate(record.pairs):
            entries.append(Entry(docname, pair, position))
            for path in (pair.left, pair.right):
                pages.setdefault(path, set()).add(docname)
    return ProjectIndex(
        entries=tuple(entries),
        pages={path: sorted(docs) for path, docs in pages.items()},
        compared=frozenset((e.left, e.right) for e in entries),
    )


def project_index(env: BuildEnvironment) -> ProjectIndex:
    """The project's comparisons, built once per change of the records."""
    return from_records(env, "project-index", lambda: _build_index(env))


def project_entries(app: Sphinx) -> tuple[Entry, ...]:
    """Every pair of the project with its examples' status, settled (every page's examples
    have run); built once per build."""
    settle_examples(app)  # the examples' status of every page
    env = app.env

    def with_examples() -> tuple[Entry, ...]:
        status: dict[str, dict[str, int]] = {}
        out = []
        for entry in project_index(env).entries:
            if entry.docname not in status:
                counts = example_status(env, entry.docname)
                status[entry.docname] = {k: v for k, v in counts.items() if v}
            out.append(dataclasses.replace(entry, examples=status[entry.docname]))
        return tuple(out)

    return from_records(env, "project-entries", with_examples)


def pages_comparing(env: BuildEnvironment, path: str) -> list[str]:
    """The pages with a comparison one side of which is ``path``, sorted."""
    return list(project_index(env).pages.get(path, ()))


def page_link(app: Sphinx, fromdoc: str, todoc: str, text: str | None = None) -> nodes.Element:
    """A link from ``fromdoc`` to ``todoc`` titled by its title (plain text where builders
    have no URIs, e.g. gettext)."""
    env = app.env
    if text is None:
        text = env.titles[todoc].astext() if todoc in env.titles else todoc
    try:
        uri = app.builder.get_relative_uri(fromdoc, todoc)
    except Exception:
        return nodes.inline(text, text)
    link = nodes.reference("", "", internal=True, refuri=uri)
    link += nodes.Text(text)
    return link


# ------------------------------------------------------------------------ rewrites


def _note_reads(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _CHANGED[app] = _CHANGED.get(app, False) or bool(docnames)


def _note_removals(app, env, added: set[str], changed: set[str], removed: set[str]) -> list:
    _CHANGED[app] = bool(added or changed or removed)
    return []


def _changed(app: Sphinx) -> bool:
    return _CHANGED.get(app, True) or app.config.apidiff_execution_mode == "force"


def _rewrite_holders(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if not _changed(app):
        return []
    return [doc for doc, record in all_records(env).items() if record.holds_index]


# -------------------------------------------------------------------------- export


def _url(app: Sphinx, docname: str) -> str | None:
    if app.builder.format != "html":
        return None
    try:
        return app.builder.get_target_uri(docname)
    except Exception:
        return None


def export_pairs(app: Sphinx) -> list[ExportPair]:
    """Every pair of the project with where a reader finds it, its examples' status settled;
    without its full comparison (:func:`comparison_loader` adds it)."""
    return [ExportPair(entry, _url(app, entry.docname)) for entry in project_entries(app)]


def comparison_loader(env: BuildEnvironment) -> Callable[[ExportPair], ExportPair]:
    """``load(pair)``: the pair with its full comparison, from its page's comparisons file
    (pairs in page order read each file once)."""
    page: dict[str, list] = {}

    def load(pair: ExportPair) -> ExportPair:
        entry = pair.entry
        if not entry.record.read:
            return pair
        if entry.docname not in page:
            page.clear()
            count = len(doc_record(env, entry.docname).pairs)
            page[entry.docname] = page_comparisons(env, entry.docname, count)
        return dataclasses.replace(pair, comparison=page[entry.docname][entry.position])

    return load


def _write_export(app: Sphinx, exception: Exception | None) -> None:
    name = app.config.apidiff_export
    if exception is not None or not name or app.builder.name in NO_EXPORT_BUILDERS:
        return
    target = os.path.join(app.outdir, name)
    if os.path.exists(target) and not _changed(app):
        return
    try:
        with atomic_writer(target) as f:
            # one pair's comparison in memory at a time, however many pages
            write_export(
                f,
                export_pairs(app),
                project=app.config.project or "",
                load=comparison_loader(app.env),
                overviews=overview_records(app.env),
            )
    except OSError as exc:
        warn(
            Warn.CONFIG,
            f"apidiff_export: cannot write {target}: {exc.strerror or exc}",
            _conf_location(app, "apidiff_export"),
        )


def setup_project(app: Sphinx) -> None:
    app.connect("env-get-outdated", _note_removals)
    app.connect("env-before-read-docs", _note_reads)
    app.connect("env-updated", _rewrite_holders)
    app.connect("build-finished", _write_export)
