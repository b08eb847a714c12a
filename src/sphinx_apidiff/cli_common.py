"""What several commands share: keeping the libraries' chatter out of their output, and the
``--snapshot FILE`` option of the commands that read a team's pages (``audit``, ``import``)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from .api import ApiDiffError
from .snapshot import Snapshot, SnapshotError, read_snapshot

__all__ = ["add_snapshot_option", "libraries_quiet", "snapshot_from"]


@contextlib.contextmanager
def libraries_quiet() -> Iterator[None]:
    """What the compared libraries say while they load (a ``UserWarning``, a banner, a line
    from their compiled part) is not this command's output: hidden, on both streams and at
    both levels (Python's and the file descriptors'). What the command itself has to say (a
    typo'd path, a problem of the comparison) is printed after."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
        ):
            warnings.simplefilter("ignore")
            for fd in saved:
                os.dup2(devnull, fd)
            yield
    finally:
        for fd, copy in saved.items():
            os.dup2(copy, fd)
            os.close(copy)
        os.close(devnull)


def add_snapshot_option(parser, what: str) -> None:
    parser.add_argument(
        "--snapshot",
        metavar="FILE",
        help="a signature snapshot (apidiff-signatures.json, written by `sphinx-apidiff "
        f"snapshot`): an API of a library not installed here is what it recorded; {what}",
    )


def snapshot_from(path: str | None) -> Snapshot | None:
    """The snapshot a ``--snapshot`` names (None without one). A file that is not there, or
    that cannot be used, is an :class:`ApiDiffError` of one line."""
    if path is None:
        return None
    if not Path(path).is_file():
        raise ApiDiffError(f"{path}: no such snapshot file")
    try:
        return read_snapshot(path)
    except SnapshotError as exc:
        raise ApiDiffError(str(exc)) from None
