"""``setup()``: register everything sphinx-apidiff adds to Sphinx."""

from __future__ import annotations

import os
from inspect import signature
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset_file

from .. import __version__
from . import config
from .breaks import add_break_opportunities
from .comparison_files import setup_comparison_files
from .coverage import setup_coverage
from .directives import ApiDiffDirective, ApiDiffNoteDirective
from .examples import setup_examples
from .i18n import CATALOG, LOCALE_DIR
from .pageref import setup_pageref
from .project import setup_project
from .releases import setup_releases
from .row_labels import setup_row_labels
from .snapshots import setup_snapshots
from .state import setup_state
from .structure import MoveAddedSections
from .summary import setup_summary
from .teach import setup_teach
from .templates import BrokenInstallError, check_builtin_templates
from .warm_up import setup_warm_up
from .xref import ApiRole, SeeMoreRole, drop_unresolved_see_more, quiet_missing_reference

__all__ = ["setup"]

STATIC_DIR = str(Path(__file__).resolve().parent.parent / "static")
CSS = "apidiff.css"

#: Bump when the data stored in the environment changes shape or meaning (3: an example whose
#: ``:compare:`` values disagree is ``failed``, no longer ``passed``; 4: rows may be paired by
#: what other pages of the project renamed).
ENV_VERSION = 4


def _is_html(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name not in ("epub",)


def _add_css(app: Sphinx) -> None:
    """Ship and link the stylesheet on HTML pages (other builders get no assets).

    Copied now, before any page is written, so that the link carries the hash of this
    version's file (``apidiff.css?v=<crc32>``, which Sphinx adds for a file it finds in
    ``_static``): an upgrade changes the link, and browsers do not keep the old stylesheet.
    Not through ``html_static_path``, which would be a config change.
    """
    if _is_html(app):
        target = os.path.join(app.outdir, "_static")
        os.makedirs(target, exist_ok=True)
        # force: an upgrade must replace the stylesheet an older version left
        copy_asset_file(os.path.join(STATIC_DIR, CSS), target, **_OVERWRITE)
        app.add_css_file(CSS)


#: Sphinx 8+ keeps an existing file unless told ``force=True``; Sphinx 7.4 has no such
#: argument and always replaces a file whose content differs.
_OVERWRITE = {"force": True} if "force" in signature(copy_asset_file).parameters else {}


def setup(app: Sphinx) -> dict[str, Any]:
    try:
        check_builtin_templates()
    except BrokenInstallError as exc:  # an error naming the file, never an empty page
        raise ExtensionError(str(exc)) from None
    app.setup_extension("sphinx_design")
    config.register(app)
    app.add_message_catalog(CATALOG, LOCALE_DIR)
    app.add_directive("apidiff", ApiDiffDirective)
    app.add_directive("apidiff-note", ApiDiffNoteDirective)
    app.add_role("apidiff-api", ApiRole())
    app.add_role("apidiff-see-more", SeeMoreRole())
    setup_state(app)
    setup_comparison_files(app)
    setup_warm_up(app)
    setup_teach(app)
    setup_examples(app)
    setup_summary(app)
    setup_coverage(app)
    setup_pageref(app)
    setup_project(app)
    setup_row_labels(app)
    setup_snapshots(app)
    setup_releases(app)
    app.add_transform(MoveAddedSections)
    # after intersphinx (priority 500): only what nothing else resolved becomes plain text
    app.connect("missing-reference", quiet_missing_reference, priority=900)
    app.connect("builder-inited", _add_css)
    app.connect("doctree-resolved", drop_unresolved_see_more)
    app.connect("doctree-resolved", add_break_opportunities, priority=900)  # after the index
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
