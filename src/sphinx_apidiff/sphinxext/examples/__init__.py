"""``apidiff-example``: example code that runs at build time, and fails at the right line.

Read (:mod:`.directive`; two halves side by side: :mod:`.halves`), run (:mod:`.runs`), shown
(:mod:`.render`). Example code never runs in the Sphinx process.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..directive import add_placeholder
from .directive import ApiDiffExampleDirective, apidiff_example, doctree_read
from .render import doctree_resolved
from .runs import build_finished, env_updated, warm_up

__all__ = ["setup_examples"]


def setup_examples(app: Sphinx) -> None:
    add_placeholder(app, apidiff_example)
    app.add_directive("apidiff-example", ApiDiffExampleDirective)
    app.connect("doctree-read", doctree_read)
    # before the pages' libraries are imported (`..pair.warm_up`): both imports at once
    app.connect("env-before-read-docs", warm_up, priority=400)
    app.connect("env-updated", env_updated)
    app.connect("doctree-resolved", doctree_resolved)
    app.connect("build-finished", build_finished)
