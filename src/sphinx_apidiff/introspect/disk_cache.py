"""What reading signatures takes out of installed files, kept between runs in the user's cache.

Some of what the engine reads is made from files that change only when a package is installed
again, and every build and every command made it again: PyTorch's argument-parser strings, read
out of its binaries (0.6 s), its stub files parsed (0.7 s), the ``from ... import`` statements of
the PaddlePaddle modules whose text annotations name aliases (131 modules, 1.2 s). Each result
is kept in ``<cache root>/introspect/<kind>/`` (:func:`~sphinx_apidiff.files.cache_root`) under
a key made of what it was read from: every file's path, size and modification time, the kind of
result and its arguments, this package's version and Python's. A file that changed is another
key, so an entry is never stale; an entry that cannot be read is made again, and a cache that
cannot be written is not written (the result is the same, only not kept).

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from typing import TypeVar

from .. import __version__
from ..files import atomic_write_bytes, cache_root

__all__ = ["cached"]

T = TypeVar("T")

#: Bump when a kind's stored value changes shape or meaning.
_FORMAT = 1


def _key(kind: str, files: Iterable[str | os.PathLike[str]], args: tuple) -> str | None:
    stamps = []
    for file in files:
        try:
            stat = os.stat(file)
        except OSError:
            return None
        stamps.append((os.fspath(file), stat.st_size, stat.st_mtime_ns))
    text = repr((_FORMAT, __version__, sys.version, kind, args, stamps))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def cached(
    kind: str, files: Iterable[str | os.PathLike[str]], args: tuple, make: Callable[[], T]
) -> T:
    """``make()``, or what it returned before for the same ``kind``, ``args`` (a tuple of
    plain values) and unchanged ``files``."""
    key = _key(kind, files, args)
    if key is None:  # a file that cannot be looked at: nothing to key on
        return make()
    path = cache_root() / "introspect" / kind / f"{key}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # none yet, or a truncated or foreign file: made (again), written over
        pass
    value = make()
    with contextlib.suppress(OSError, pickle.PicklingError):  # not kept: the same result
        atomic_write_bytes(path, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), durable=False)
    return value
