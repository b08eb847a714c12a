"""What sphinx-apidiff keeps between phases: each page's record (the ``apidiff`` domain,
:mod:`.records`), its full comparisons beside its doctree (:mod:`.comparisons`), and what one
build keeps (:mod:`.build`)."""

from __future__ import annotations

from sphinx.application import Sphinx

from .build import forget_sources, start_build
from .comparisons import setup_comparisons
from .records import setup_records

__all__ = ["setup_state"]


def setup_state(app: Sphinx) -> None:
    app.connect("builder-inited", start_build)  # before every other component reads it
    app.connect("env-updated", forget_sources)
    setup_records(app)
    setup_comparisons(app)
