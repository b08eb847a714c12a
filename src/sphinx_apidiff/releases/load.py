"""Reading a release's sources with griffe (as :mod:`..introspect.static` reads an installed
package): one loader per release, a callable at a release as an :class:`~..api.Api`.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import dataclasses
import os

from ..api import Api, ApiDiffError
from ..introspect.static import package_loader, quiet_griffe, read_with_loader
from .fetch import Release, obtain_release
from .spec import parse_side

__all__ = ["clear_release_loaders", "read_at_release", "release_loader"]

#: (root, package) -> loader (or the one-line reason it failed)
_LOADERS: dict[tuple[str, str], object] = {}


def clear_release_loaders() -> None:
    """Forget every release loaded (a benchmark's first read)."""
    _LOADERS.clear()


def release_loader(release: Release):
    """The griffe loader holding ``release``'s package, loaded once."""
    if release.how == "installed":
        return package_loader(release.package)
    key = (release.root, release.package)
    hit = _LOADERS.get(key)
    if isinstance(hit, str):
        raise ApiDiffError(hit)
    if hit is not None:
        return hit
    import griffe

    loader = griffe.GriffeLoader(search_paths=[release.root], allow_inspection=False)
    try:
        with quiet_griffe():
            loader.load(release.package, find_stubs_package=True, try_relative_path=False)
    except Exception as exc:
        reason = f"reading the source of {release.name} failed: {type(exc).__name__}: {exc}"
        _LOADERS[key] = reason.splitlines()[0]
        raise ApiDiffError(_LOADERS[key]) from None
    _LOADERS[key] = loader
    return loader


def read_release_api(release: Release, path: str, label: str, shown: str | None = None) -> Api:
    """The callable at ``path`` in ``release``, read from its source; its ``path`` is
    ``shown`` (``numpy.linspace@1.26.4``), its notes say which release and how it was read."""
    api = read_with_loader(release_loader(release), path, label)
    notes = [n for n in api.notes if not n.startswith("read from the source of")]
    return dataclasses.replace(
        api,
        path=shown or path,
        version=release.version,
        notes=(release.describe(), *notes),
    )


def read_at_release(
    text: str, label: str | None = None, base_dir: str | os.PathLike[str] | None = None
) -> Api:
    """The callable ``text`` names at its release (``numpy.linspace@1.26.4``), read
    statically; a relative path and ``git:`` from ``base_dir`` (default:
    :func:`~.fetch.default_base_dir`). Raises :class:`ApiDiffError` (one line);
    :class:`~.fetch.ReleaseUnavailable` when the release cannot be had here."""
    side = parse_side(text)
    release = obtain_release(side.package, side.release, base_dir)
    return read_release_api(release, side.path, label or side.package, side.text)
