"""What ``sphinx-apidiff new`` is given, checked before anything is written: dotted paths, the
rows of a pairs CSV, and the file each page goes to.

Every cell ends up in a page (a path in a directive, a title in a heading) or in a file name, so
each is checked for what it is: a dotted path is names joined by dots; no cell holds a line
break or another control character (a newline in a title would start a directive of its own);
a file is a relative path of plain names that stays inside the output folder. A problem is an
:class:`~.api.ApiDiffError` naming the CSV's line. Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .api import ApiDiffError
from .files import is_plain_relative

__all__ = [
    "COLUMNS",
    "PairRow",
    "check_dotted",
    "check_text",
    "file_for",
    "inside",
    "read_pairs",
]

#: The columns of a pairs CSV, in the order a CSV without a header gives them.
COLUMNS = ("left", "right", "title", "file")
#: Suffixes a page's file may have (``.md``: a MyST Markdown page).
SUFFIXES = (".rst", ".md")

#: Line breaks and the other control characters (C0, DEL, C1, Unicode line separators).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class PairRow:
    """One row of a pairs CSV, checked."""

    line: int
    left: str
    right: str
    title: str | None = None
    file: str | None = None


def check_text(value: str, what: str) -> str:
    """``value`` if it holds no line break or other control character."""
    found = _CONTROL.search(value)
    if found:
        char = found.group()
        shown = "a line break" if char in "\r\n\u2028\u2029" else f"control character {char!r}"
        raise ApiDiffError(f"{what} holds {shown}")
    return value


def check_dotted(path: str, what: str) -> str:
    """``path`` if it is a dotted path of Python names (``torch.nn.Conv2d``)."""
    check_text(path, what)
    if not path or not all(part.isidentifier() for part in path.split(".")):
        raise ApiDiffError(
            f"{what} {path!r} is not a dotted path (Python names joined by dots, "
            "e.g. torch.nn.Conv2d)"
        )
    return path


def file_for(name: str, what: str) -> PurePosixPath:
    """The file a page is written to, relative to the output folder: ``name`` with ``.rst``
    added unless it ends in ``.rst`` or ``.md``. Refused: an absolute path, ``..``, a name
    starting with a dot, anything but letters, digits and ``_ - . + /``."""
    check_text(name, what)
    if not is_plain_relative(name):
        raise ApiDiffError(
            f"{what} {name!r} is not a file name inside the output folder: use a relative "
            "path of names made of letters, digits, '_', '-', '.' (not starting with a dot), "
            "e.g. nn/conv2d"
        )
    path = PurePosixPath(name)
    return path if path.suffix in SUFFIXES else path.with_name(path.name + ".rst")


def _header(cells: list[str]) -> list[str] | None:
    """The column names when ``cells`` is a header row (it names a ``left`` or ``right``
    column: a title cell may well say "Title"), else None."""
    names = [cell.lower() for cell in cells]
    if "left" not in names and "right" not in names:
        return None
    unknown = [cell for cell, name in zip(cells, names, strict=True) if name not in COLUMNS]
    missing = [name for name in ("left", "right") if name not in names]
    twice = sorted({name for name in names if names.count(name) > 1})
    known = "left, right and optionally title, file"
    if unknown:
        raise ApiDiffError(f"the header names unknown columns {unknown} (columns: {known})")
    if missing:
        raise ApiDiffError(f"the header has no {' or '.join(missing)} column (columns: {known})")
    if twice:
        raise ApiDiffError(f"the header names {', '.join(twice)} twice")
    return names


def _delimiter(text: str) -> str:
    """``,``; or ``;`` or a tab when the first line has one and no comma (what spreadsheets
    write in many languages, and a tab-separated export)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for other in (";", "\t"):
            if other in first:
                return other
    return ","


def _records(text: str) -> list[tuple[int, list[str]]]:
    """``(line, cells)`` of every non-blank row, ``line`` where the row starts."""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    out = []
    start = 1
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if any(cells):
                out.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ApiDiffError(f"line {reader.line_num}: not a CSV row ({exc})") from None
    return out


def read_pairs(text: str, source: str = "the CSV") -> list[PairRow]:
    """The checked rows of a pairs CSV (``source`` names it in messages)."""
    records = _records(text)
    if not records:
        raise ApiDiffError(f"{source} has no rows")
    try:
        header = _header(records[0][1])
    except ApiDiffError as exc:
        raise ApiDiffError(f"{source}, line {records[0][0]}: {exc}") from None
    if header is None:
        header = list(COLUMNS)
    else:
        records = records[1:]
        if not records:
            raise ApiDiffError(f"{source} has a header but no pairs")
    rows: list[PairRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in records:
        where = f"{source}, line {line}"
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise ApiDiffError(
                f"{where}: {len(cells)} cells, but the columns are {', '.join(header)}"
            )
        record = dict(zip(header, cells, strict=False))
        if not record.get("left") or not record.get("right"):
            raise ApiDiffError(f"{where}: a row needs a left and a right dotted path")
        try:
            left = check_dotted(record["left"], "left")
            right = check_dotted(record["right"], "right")
            title = check_text(record.get("title") or "", "title") or None
            file = record.get("file") or None
            if file is not None:
                file_for(file, "file")
        except ApiDiffError as exc:
            raise ApiDiffError(f"{where}: {exc}") from None
        if (left, right) in seen:
            raise ApiDiffError(
                f"{where}: {left} against {right} is already on line {seen[left, right]}"
            )
        seen[left, right] = line
        rows.append(PairRow(line, left, right, title, file))
    return rows


def inside(folder: Path, relative: PurePosixPath) -> Path:
    """``folder / relative``, refused if it resolves outside ``folder`` (a symbolic link)."""
    target = folder / relative
    if not target.resolve().is_relative_to(folder.resolve()):
        raise ApiDiffError(f"{target} would be written outside {folder}")
    return target
