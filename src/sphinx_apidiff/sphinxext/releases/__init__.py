"""The Sphinx side of comparing releases (:mod:`sphinx_apidiff.releases`): a side at a
release in ``apidiff`` (read through the usual reading, so nothing else is needed here but
where relative paths start), and the ``apidiff-overview`` directive."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from ...releases.fetch import set_default_base_dir, set_index_fetch
from ..config import read_config
from .overview import ApiDiffOverviewDirective
from .pages import setup_pages
from .records import overview_records, setup_records

__all__ = ["overview_records", "setup_releases"]


def _configure(app: Sphinx, config: Config) -> None:
    """A release's relative path and ``git:`` start from the folder of ``conf.py``; whether
    releases may be fetched holds for every directive (after the values are validated)."""
    set_default_base_dir(app.confdir)
    set_index_fetch(read_config(config).release_fetch)


def setup_releases(app: Sphinx) -> None:
    app.add_directive("apidiff-overview", ApiDiffOverviewDirective)
    app.connect("config-inited", _configure, priority=600)
    setup_records(app)
    setup_pages(app)
