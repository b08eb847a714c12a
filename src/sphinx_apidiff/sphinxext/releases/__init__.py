"""The Sphinx side of comparing releases (:mod:`sphinx_apidiff.releases`): a side at a
release in ``apidiff`` (read through the usual reading, so nothing else is needed here but
where relative paths start), and the ``apidiff-overview`` directive."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from ...releases.fetch import set_default_base_dir
from .overview import ApiDiffOverviewDirective

__all__ = ["setup_releases"]


def _base_dir(app: Sphinx, config: Config) -> None:
    """A release's relative path and ``git:`` start from the folder of ``conf.py``."""
    set_default_base_dir(app.confdir)


def setup_releases(app: Sphinx) -> None:
    app.add_directive("apidiff-overview", ApiDiffOverviewDirective)
    app.connect("config-inited", _base_dir)
