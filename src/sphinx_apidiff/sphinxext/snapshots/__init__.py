"""Signature snapshots in a build: the snapshot read once (:mod:`.load`), each side read live,
from source or from the snapshot, and drift (:mod:`.sides`); the snapshot written from the
build (:mod:`.update`)."""

from __future__ import annotations

from sphinx.application import Sphinx

from .load import load
from .update import update_from_build

__all__ = ["setup_snapshots"]


def setup_snapshots(app: Sphinx) -> None:
    app.connect("builder-inited", load)
    app.connect("build-finished", update_from_build)
