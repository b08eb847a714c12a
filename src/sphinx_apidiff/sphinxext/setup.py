"""``setup()``: register everything sphinx-apidiff adds to Sphinx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from . import config
from .collector import PairCollector
from .directives import ApiDiffDirective, ApiDiffNoteDirective
from .i18n import CATALOG, LOCALE_DIR
from .xref import ApiRole, quiet_missing_reference

__all__ = ["setup"]

STATIC_DIR = str(Path(__file__).resolve().parent.parent / "static")

#: Bump when the data stored in the environment changes shape.
ENV_VERSION = 1


def _add_static(app: Sphinx) -> None:
    """CSS only for HTML builders."""
    if app.builder.format != "html":
        return
    if STATIC_DIR not in app.config.html_static_path:
        app.config.html_static_path.append(STATIC_DIR)
    app.add_css_file("apidiff.css")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_design")
    config.register(app)
    app.add_message_catalog(CATALOG, LOCALE_DIR)
    app.add_directive("apidiff", ApiDiffDirective)
    app.add_directive("apidiff-note", ApiDiffNoteDirective)
    app.add_role("apidiff-api", ApiRole())
    app.add_env_collector(PairCollector)
    # after intersphinx (priority 500): only what nothing else resolved becomes plain text
    app.connect("missing-reference", quiet_missing_reference, priority=900)
    app.connect("builder-inited", _add_static)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
