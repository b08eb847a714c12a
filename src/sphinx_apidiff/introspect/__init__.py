"""Read one callable's signature from a dotted path: the public API of the package, which
:func:`read_api` answers by resolving the path (:mod:`.resolve`) and asking its sources in order
(:mod:`.read`): signature text the author gave, the runtime (:mod:`.runtime`), ``name(...)``
lines in the docstring (:mod:`.docstring`) and the package's ``.pyi`` stubs (:mod:`.stubs`).
Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

# ``_docstring_overloads`` and ``_MEMO`` are the caches that hold one entry per object read;
# bench/bench_compare.py empties them by these names on this module
from .docstring import _docstring_overloads as _docstring_overloads
from .read import _MEMO as _MEMO
from .read import read_api
from .resolve import package_version, resolve
from .runtime import format_annotation

__all__ = ["format_annotation", "package_version", "read_api", "resolve"]
