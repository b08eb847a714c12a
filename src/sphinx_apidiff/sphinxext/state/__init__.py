"""What sphinx-apidiff keeps between phases: each page's record (the ``apidiff`` domain,
:mod:`.records`) and its full comparisons beside its doctree (:mod:`.comparisons`)."""

from __future__ import annotations

from sphinx.application import Sphinx

from .comparisons import setup_comparisons
from .records import setup_records

__all__ = ["setup_state"]


def setup_state(app: Sphinx) -> None:
    setup_records(app)
    setup_comparisons(app)
