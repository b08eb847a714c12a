"""The project views: what every page shows of the whole project.

The project index (:mod:`.index`) and what reads it: the ``apidiff-summary`` table
(:mod:`.summary`), the ``apidiff-coverage`` table (:mod:`.coverage`), the ``:apidiff:`` role
(:mod:`.pageref`) and the ``apidiff.json`` export (:mod:`.export`).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .coverage import setup_coverage
from .coverage_notes import load_coverage_notes
from .export import write_export_file
from .index import setup_index
from .pageref import setup_pageref
from .summary import setup_summary

__all__ = ["setup_project"]


def setup_project(app: Sphinx) -> None:
    setup_summary(app)
    setup_coverage(app)
    app.connect("builder-inited", load_coverage_notes, priority=600)  # after the state
    setup_pageref(app)
    setup_index(app)
    app.connect("build-finished", write_export_file)
