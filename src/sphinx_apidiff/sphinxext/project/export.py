"""The ``apidiff.json`` export, written at ``build-finished``.

It is written from the project index (:mod:`.index`) and the pages' comparisons files
(:mod:`~sphinx_apidiff.sphinxext.state.comparisons`, read one page at a time) when something changed or the file is
missing: every pair's comparison, page URL, note anchors and examples' status
(:mod:`sphinx_apidiff.export`). Builders that write pages get it; those that write no pages
(``gettext``, ``linkcheck``, ``dummy``) do not. Only HTML builders give URLs.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...export import ExportPair, write_export
from ...files import atomic_writer
from ..config import conf_location, get_config
from ..releases.records import overview_records
from ..state.comparisons import page_comparisons
from ..state.records import doc_record
from ..warnings import Warn, warn
from .coverage_notes import project_notes
from .index import build_changed, project_entries

__all__ = ["NO_EXPORT_BUILDERS", "comparison_loader", "export_pairs", "write_export_file"]

#: Builders that write no pages, and so no ``apidiff.json``.
NO_EXPORT_BUILDERS = frozenset({"gettext", "linkcheck", "dummy"})


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


def write_export_file(app: Sphinx, exception: Exception | None) -> None:
    name = get_config(app.env).export
    if exception is not None or not name or app.builder.name in NO_EXPORT_BUILDERS:
        return
    target = os.path.join(app.outdir, name)
    if os.path.exists(target) and not build_changed(app):
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
                coverage_notes=project_notes(app.env).values(),
            )
    except OSError as exc:
        warn(
            Warn.CONFIG,
            f"apidiff_export: cannot write {target}: {exc.strerror or exc}",
            conf_location(app, "apidiff_export"),
        )
