"""The Sphinx layer: thin glue from directives to the pure engine and back to nodes.

What every component shares is at the top (:mod:`.config`, :mod:`.warnings`, :mod:`.i18n`,
:mod:`.directive`); each component is a subpackage that wires its own events: the per-page
records (:mod:`.state`), the comparison page (:mod:`.pair`), examples (:mod:`.examples`),
signature snapshots (:mod:`.snapshots`) and the project views (:mod:`.project`);
:mod:`.forks` readies the main process for a parallel build's workers.
:func:`setup` registers the shared parts, then each component.
"""

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
from .examples import setup_examples
from .forks import setup_forks
from .i18n import CATALOG, LOCALE_DIR
from .pair import setup_pair
from .pair.rst import BrokenInstallError, check_builtin_templates
from .project import setup_project
from .releases import setup_releases
from .snapshots import setup_snapshots
from .state import setup_state

__all__ = ["setup"]

STATIC_DIR = str(Path(__file__).resolve().parent.parent / "static")
CSS = "apidiff.css"

#: Bump when the data stored in the environment changes shape or meaning (3: an example whose
#: ``:compare:`` values disagree is ``failed``, no longer ``passed``; 4: rows may be paired by
#: what other pages of the project renamed; 5: the Sphinx layer regrouped by component, so the
#: records and placeholder nodes the environment and doctrees pickle moved module; 6: a pair
#: record may be a page with one side (``status``, ``replacements``, ``target``) and an API may
#: be a member that is not a call).
ENV_VERSION = 6


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
    setup_state(app)
    setup_pair(app)
    setup_examples(app)
    setup_project(app)
    setup_snapshots(app)
    setup_releases(app)
    setup_forks(app)
    app.connect("builder-inited", _add_css)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
