"""Writing a file so that a reader never sees half of it, names of files a user gives, and
the folder of the user-wide caches.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "atomic_writer",
    "cache_root",
    "is_plain_relative",
]


def cache_root() -> Path:
    """The folder sphinx-apidiff keeps its user-wide caches in (not created here):
    ``SPHINX_APIDIFF_CACHE``; else ``$XDG_CACHE_HOME/sphinx-apidiff``; else
    ``~/.cache/sphinx-apidiff``."""
    explicit = os.environ.get("SPHINX_APIDIFF_CACHE", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "sphinx-apidiff"


#: One name of a relative path: letters, digits, ``_ - . +``; not starting with a dot.
_PLAIN_PART = re.compile(r"[^\W][\w.+-]*")


def is_plain_relative(name: str) -> bool:
    """Whether ``name`` is a relative path of plain names joined by ``/`` (``nn/conv2d.rst``):
    nothing absolute, no ``..``, no hidden or empty part, no backslash, space or control
    character. Joined to a folder, it stays in that folder (barring symbolic links)."""
    return all(_PLAIN_PART.fullmatch(part) for part in name.split("/"))


def atomic_write_text(path: str | os.PathLike[str], text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8, ``\\n`` line ends) in one step (see
    :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step (see :func:`atomic_writer`)."""
    with atomic_writer(path, "wb", durable=durable) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str], mode: str = "w", *, durable: bool = True
) -> Iterator[IO]:
    """A file to write ``path``'s new content to, piece by piece; it replaces ``path`` in one
    step when the block ends without an exception (``mode`` ``"w"``: UTF-8 text, ``"wb"``).

    The data goes to a temporary file in the same folder, is flushed to disk, then
    :func:`os.replace` puts it in place: an exception, or a process killed on the way, leaves
    the old file (or none) and no temporary file. A new file is ``0o644``; a replaced one keeps
    its mode. An :class:`OSError` (the folder cannot be made, ``path`` is a folder) is raised
    with nothing left behind. ``durable=False`` leaves out the flush to disk (a few
    milliseconds a file), for a cache that is made again when it is lost: a crash of the
    machine may then leave the old file or an empty one, never half of the new one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(
            fd, mode, encoding=encoding, newline=None if encoding is None else "\n"
        ) as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        try:
            mode_bits = target.stat().st_mode & 0o777
        except FileNotFoundError:
            mode_bits = 0o644
        os.chmod(tmp, mode_bits)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
