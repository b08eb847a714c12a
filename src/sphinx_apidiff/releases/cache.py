"""Where releases fetched or unpacked for reading are kept: the user's cache folder, never
the source tree.

:func:`~sphinx_apidiff.files.cache_root` names the folder (``SPHINX_APIDIFF_CACHE``; else
``$XDG_CACHE_HOME/sphinx-apidiff``; else ``~/.cache/sphinx-apidiff``). Every entry is written
under a temporary name and renamed into place when complete, so parallel builds and an
interrupted download never see half of one.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..files import cache_root

__all__ = ["cache_root", "complete_entry"]


@contextlib.contextmanager
def complete_entry(target: Path) -> Iterator[Path]:
    """A fresh temporary folder beside ``target`` to fill; it becomes ``target`` when the block
    ends without an exception (if another process made ``target`` first, that one is kept).
    An exception leaves nothing behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
        try:
            os.rename(tmp, target)
        except OSError:
            if not target.is_dir():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
