"""Import, once, what the pages of a build will read, before a parallel build forks workers.

Sphinx reads the pages of ``-j N`` in chunks, each in a fresh fork of the main process, so
whatever a worker imports or caches is lost with it: every chunk would import NumPy (or
PyTorch, seconds each) and scan the installed distributions again. Imported here, in the
main process, before the fork, each worker inherits them. Nothing is read or compared here
and nothing is reported: a path that fails to resolve fails again in the worker that reads
its page, which says so where the page says it. Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..api import in_packages
from .resolve import DOTTED_PATH, package_version, resolve

__all__ = ["warm"]


def warm(paths: Iterable[str], *, static: Iterable[str] = ()) -> int:
    """Resolve each dotted path (importing its modules) and look up its package's version;
    the packages in ``static`` (``apidiff_static``: never imported) are left alone. Returns
    how many paths resolved."""
    static = tuple(static)
    resolved = 0
    for path in sorted(set(paths)):
        if not DOTTED_PATH.fullmatch(path) or in_packages(path, static):
            continue
        try:
            resolve(path)
            package_version(path)  # of its top-level package
        except (Exception, SystemExit):  # the worker that reads the page reports it
            continue
        resolved += 1
    return resolved
