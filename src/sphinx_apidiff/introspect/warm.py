"""Import, once, what the pages of a build will read, before a parallel build forks workers.

Sphinx reads the pages of ``-j N`` in chunks, each in a fresh fork of the main process, so
whatever a worker imports or caches is lost with it: every chunk would import NumPy (or
PyTorch, seconds each), scan the installed distributions, parse PyTorch's stubs, read its
argument-parser strings out of its binaries and parse the ``from ... import`` statements of
the modules whose text annotations name aliases (PaddlePaddle's) again. Done here, in the
main process, before the fork, each worker inherits them. Nothing is read or compared here
and nothing is reported: a path that fails to resolve fails again in the worker that reads
its page, which says so where the page says it. Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..api import in_packages
from .binding_strings import read_binding_strings
from .live_aliases import parse_imports_for
from .resolve import DOTTED_PATH, package_version, resolve
from .stubs import parse_stubs_for

__all__ = ["warm"]


def warm(paths: Iterable[str], *, static: Iterable[str] = ()) -> int:
    """Resolve each dotted path (importing its modules), look up its package's version, parse
    the stub files and read the argument-parser strings a C callable's read will ask, and the
    imports its text annotations may name; the packages in ``static`` (``apidiff_static``:
    never imported) are left alone. Returns how many paths resolved."""
    static = tuple(static)
    resolved = 0
    for path in sorted(set(paths)):
        if not DOTTED_PATH.fullmatch(path) or in_packages(path, static):
            continue
        try:
            obj, owner, module_name = resolve(path)
            package_version(path)  # of its top-level package
            parse_stubs_for(obj, path, owner, module_name)
            read_binding_strings(obj, path, method=False)  # a C callable: its package's strings
            parse_imports_for(obj)
        except (Exception, SystemExit):  # the worker that reads the page reports it
            continue
        resolved += 1
    return resolved
