"""The input of ``sphinx-apidiff import`` and ``audit``: which files of ``SRC`` are pages of a
format, reading each one safely, and telling a team's page from one that is not (a README,
an index, a page of another format) or that is already an ``apidiff`` page (the output of an
earlier import).

Pure Python: no docutils, no Sphinx. Nothing here raises anything but
:class:`~sphinx_apidiff.api.ApiDiffError` with a one-line reason.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..api import ApiDiffError
from .model import Page

__all__ = [
    "Input",
    "Skipped",
    "already_converted",
    "find_inputs",
    "is_comparison_page",
    "read_text",
]


@dataclass(frozen=True)
class Input:
    """A file of ``SRC`` to read: where it is, and its path relative to ``SRC`` (with ``/``;
    the file's name when ``SRC`` is that file)."""

    path: Path
    relative: str


@dataclass(frozen=True)
class Skipped:
    """A file of the folder that is not read, and why (a link that leaves ``SRC``...)."""

    relative: str
    reason: str


#: An ``apidiff`` directive (``apidiff``, ``apidiff-one``, ``apidiff-summary``...) as MyST
#: (```` ```{apidiff} ````, ``:::{apidiff-one}``) or rst (``.. apidiff::``) writes it: a page
#: that holds one is already converted.
_DIRECTIVE = re.compile(
    r"^[ \t]*(?:(?:`{3,}|:{3,})\{apidiff(?:-[a-z]+)?\}|\.\.[ \t]+apidiff(?:-[a-z]+)?::)",
    re.MULTILINE,
)


def already_converted(text: str) -> bool:
    """Whether ``text`` is an ``apidiff`` page already (it holds an ``apidiff`` directive:
    a comparison, a page with one side, a summary...): importing it again would garble it."""
    return _DIRECTIVE.search(text) is not None


def is_comparison_page(page: Page) -> bool:
    """Whether the reader of ``page.format`` recognised ``page`` as one of its comparison
    pages: its title names an API (a README, an index or a page of another format has no
    such title)."""
    return page.title_api is not None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def find_inputs(suffix: str, fmt: str, src: Path) -> tuple[list[Input], list[Skipped]]:
    """The files of ``src`` to read (``src`` itself, or every ``*suffix`` file under it,
    sorted by their path relative to ``src``; links to folders are not followed) and the files left out: a link to a file
    outside ``src`` (what it points to is no page of this set) or to nothing.
    Raises :class:`ApiDiffError` for no such ``src``, a file of another suffix, a folder
    without one such file."""
    if not src.exists():
        raise ApiDiffError(f"{src}: no such file or folder")
    if src.is_file():
        if src.suffix != suffix:
            raise ApiDiffError(f"{src}: not a {fmt} page (expected a {suffix} file)")
        return [Input(src, src.name)], []
    if not src.is_dir():
        raise ApiDiffError(f"{src}: neither a file nor a folder")
    root = src.resolve()
    found: list[Input] = []
    skipped: list[Skipped] = []
    for folder, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(suffix):
                continue
            path = Path(folder, name)
            relative = path.relative_to(src).as_posix()
            if path.is_symlink():
                try:
                    target = path.resolve()
                except (OSError, RuntimeError):  # a loop of links
                    skipped.append(Skipped(relative, "a link that cannot be followed"))
                    continue
                if not target.is_file():
                    skipped.append(Skipped(relative, "a link to no file"))
                    continue
                if not _inside(target, root):
                    skipped.append(Skipped(relative, f"a link to a file outside SRC ({target})"))
                    continue
            elif not path.is_file():
                continue
            found.append(Input(path, relative))
    found.sort(key=lambda source: source.relative)
    if not found and not skipped:
        raise ApiDiffError(f"{src}: no {suffix} page in this folder")
    return found, skipped


def read_text(path: Path) -> str:
    """The page's text (UTF-8, a byte-order mark dropped)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ApiDiffError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ApiDiffError(f"{path}: not UTF-8 text (line {line}, byte {exc.start})") from None
