"""Before a parallel read forks its workers, import what the pages compare (``-j N`` only).

The pages to read are scanned for the paths of their ``apidiff`` directives (reStructuredText
``.. apidiff:: LEFT RIGHT`` and MyST ```` ```{apidiff} LEFT RIGHT ````, the arguments on the
directive's first line) and :func:`sphinx_apidiff.introspect.warm.warm` imports them in the main
process, so every worker Sphinx forks starts with them imported. A serial build reads every
page in the main process already and needs none of this.
"""

from __future__ import annotations

import contextlib
import re

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...introspect.warm import warm
from ..config import get_config
from ..state.build import page_source
from .rst import get_environment, template_search_path

__all__ = ["compared_paths", "setup_warm_up"]

_DIRECTIVE = re.compile(
    r"^[ \t]*(?:\.\.[ \t]+apidiff::|(?:`{3,}|:{3,})[ \t]*\{apidiff\})[ \t]*(\S+)[ \t]+(\S+)",
    re.MULTILINE,
)

#: Sphinx reads in parallel only past this many pages (``Builder._read_parallel``).
_PARALLEL_FROM = 6


def compared_paths(text: str) -> set[str]:
    """The dotted paths the ``apidiff`` directives of a page's source name."""
    return {path for match in _DIRECTIVE.finditer(text) for path in match.groups()}


def _warm_up(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel <= 1 or len(docnames) < _PARALLEL_FROM:
        return
    paths: set[str] = set()
    for docname in docnames:
        paths |= compared_paths(page_source(env, docname) or "")
    if not paths:
        return
    config = get_config(app.env)
    warm(paths, static=config.static)
    # the page template, compiled once rather than once per worker
    search = template_search_path(env.srcdir, app.config.templates_path)
    with contextlib.suppress(Exception):  # a broken template: each page using it says so
        get_environment(search).get_template(config.template)


def setup_warm_up(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _warm_up)
