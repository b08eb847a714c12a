"""The signature snapshot of a build, read once at ``builder-inited`` (:func:`load`).

A file that cannot be read is warning ``apidiff.snapshot`` at its line; the build goes on
without it and nothing overwrites it. The directives read it through :func:`loaded`.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...snapshot import SnapshotError, read_snapshot
from ..config import get_config
from ..state.build import Loaded, build_state
from ..warnings import Warn, file_location, warn

__all__ = ["Loaded", "load", "loaded", "recording_only", "snapshot_file"]


def snapshot_file(app: Sphinx) -> Path | None:
    """The configured snapshot file, absolute (relative paths are from ``conf.py``'s folder)."""
    name = get_config(app.env).signature_snapshot
    if not name:
        return None
    base = Path(app.confdir) if app.confdir else Path(app.srcdir)
    return (base / name).resolve()


def load(app: Sphinx) -> Loaded:
    """Read the snapshot for this build (``builder-inited``)."""
    path = snapshot_file(app)
    result = Loaded(path)
    if path is not None:
        try:
            result.snapshot = read_snapshot(path)
        except SnapshotError as exc:
            result.broken = exc
            warn(
                Warn.SNAPSHOT,
                f"signature snapshot: {exc.message}; not used in this build",
                file_location(exc.filename, exc.line),
            )
    build_state(app.env).snapshot = result
    return result


def loaded(env: BuildEnvironment) -> Loaded:
    """The snapshot read for this build (empty if none)."""
    return build_state(env).snapshot


def recording_only(env: BuildEnvironment) -> bool:
    """True while ``sphinx-apidiff snapshot`` reads the pages (nothing is rendered)."""
    return build_state(env).record_only
