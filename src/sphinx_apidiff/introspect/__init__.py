"""Read one callable's signature from a dotted path: the public API of the package, which
:func:`read_api` answers by resolving the path (:mod:`.resolve`) and asking its sources in order
(:mod:`.read`): signature text the author gave, the runtime (:mod:`.runtime`), ``name(...)``
lines in the docstring (:mod:`.docstring`) and the package's ``.pyi`` stubs (:mod:`.stubs`),
whose names win where the two disagree (:mod:`.reconcile`);
when the import fails, the package's source read without importing it (:mod:`.static`).
Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from .read import clear_caches, read_api
from .resolve import ImportFailed, package_version, resolve, version_origin
from .runtime import format_annotation
from .static import NoSource

__all__ = [
    "ImportFailed",
    "NoSource",
    "clear_caches",
    "format_annotation",
    "package_version",
    "read_api",
    "resolve",
    "version_origin",
]
