"""What a project says once about the APIs ``apidiff-coverage`` lists: coverage notes.

A team's hand-kept index says more than "compared or not": ``torch.cat`` has a counterpart
under another name (``megengine.functional.concat``) but no page, ``torch.absolute`` is an
alias of ``torch.abs``, ``torch.Tensor.int_repr`` is not implemented, for a reason. Each note
names one API and exactly one of ``counterpart``, ``alias`` or ``reason``. They come from a
mapping (``conf.py``) or a file: JSON or TOML (``{"torch.cat": {"counterpart": "..."}}``,
``["torch.cat"]`` tables in TOML) or CSV (a header ``api,counterpart,alias,reason``, a row per
note with one of the three filled). A problem in one note leaves that note out and is
reported with its line; the others are used. Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "KINDS",
    "CoverageNote",
    "NotesProblem",
    "note_from_dict",
    "parse_notes",
    "read_notes_file",
]

#: What a note says of its API, one of these.
KINDS = ("counterpart", "alias", "reason")
#: The file formats :func:`read_notes_file` reads, by suffix.
SUFFIXES = (".csv", ".json", ".toml")


@dataclass(frozen=True)
class CoverageNote:
    """One API and what the project says of it (exactly one of the three)."""

    api: str
    #: The API of the other module that is its counterpart, under another name, with no page.
    counterpart: str | None = None
    #: The API (of the same library) it is another name for.
    alias: str | None = None
    #: Why it has no counterpart ("not implemented: ...").
    reason: str | None = None
    #: Its line in the notes file, when known.
    line: int | None = None

    @property
    def kind(self) -> str:
        return next(kind for kind in KINDS if getattr(self, kind) is not None)

    @property
    def value(self) -> str:
        return getattr(self, self.kind)

    def to_dict(self) -> dict[str, str]:
        return {"api": self.api, self.kind: self.value}


@dataclass(frozen=True)
class NotesProblem:
    """A note (or the file) that cannot be used: why, and the line when known."""

    message: str
    line: int | None = None


def _dotted(text: str) -> bool:
    parts = text.split(".")
    return len(parts) > 1 and all(part.isidentifier() for part in parts)


def note_from_dict(api: Any, fields: Any, line: int | None = None) -> CoverageNote:
    """The note for ``api`` from ``{kind: value}`` (empty values are not given). Raises
    :class:`ValueError` saying what is wrong."""
    if not isinstance(api, str) or not _dotted(api.strip()):
        raise ValueError(f"{api!r} is not a dotted path of an API (module.name)")
    api = api.strip()
    if not isinstance(fields, Mapping):
        raise ValueError(f"{api}: expected a table of one of {', '.join(KINDS)}")
    unknown = [key for key in fields if key not in KINDS]
    if unknown:
        raise ValueError(f"{api}: {unknown[0]!r} is not one of {', '.join(KINDS)}")
    given = {k: v for k, v in fields.items() if not (isinstance(v, str) and not v.strip())}
    if len(given) != 1:
        raise ValueError(f"{api}: expected exactly one of {', '.join(KINDS)}, got {len(given)}")
    ((kind, value),) = given.items()
    if not isinstance(value, str):
        raise ValueError(f"{api}: {kind} must be text, not {type(value).__name__}")
    value = " ".join(value.split())
    if kind != "reason" and not _dotted(value):
        raise ValueError(f"{api}: {kind} {value!r} is not a dotted path of an API")
    if kind == "alias" and value == api:
        raise ValueError(f"{api}: an alias of itself")
    return CoverageNote(api, line=line, **{kind: value})


def parse_notes(
    items: Iterable[tuple[Any, Any, int | None]],
) -> tuple[dict[str, CoverageNote], list[NotesProblem]]:
    """``{api: note}`` from ``(api, fields, line)`` items, and the problems; a note written
    twice keeps the first."""
    notes: dict[str, CoverageNote] = {}
    problems: list[NotesProblem] = []
    for api, fields, line in items:
        try:
            note = note_from_dict(api, fields, line)
        except ValueError as exc:
            problems.append(NotesProblem(str(exc), line))
            continue
        if note.api in notes:
            first = notes[note.api].line
            at = f" (first at line {first})" if first else ""
            problems.append(NotesProblem(f"{note.api}: written twice{at}; the first kept", line))
            continue
        notes[note.api] = note
    return notes, problems


def _line_of(text: str, api: str) -> int | None:
    """The first line of ``text`` naming ``api`` in quotes (a JSON key, a TOML table)."""
    for number, line in enumerate(text.splitlines(), 1):
        if f'"{api}"' in line or f"'{api}'" in line:
            return number
    return None


def _csv_items(text: str) -> tuple[list[tuple[Any, Any, int | None]], list[NotesProblem]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    names = [name.strip() for name in header or ()]
    if not names or names[0] != "api" or any(n not in KINDS for n in names[1:]):
        wanted = ",".join(("api", *KINDS))
        return [], [NotesProblem(f"expected a header row {wanted!r}, got {names!r}", 1)]
    items = []
    problems = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            problems.append(NotesProblem(f"{len(row)} cells, the header has {len(names)}", line))
            continue
        fields = {name: cell for name, cell in zip(names[1:], row[1:], strict=False)}
        items.append((row[0], fields, line))
    return items, problems


def read_notes_file(path: Path) -> tuple[dict[str, CoverageNote], list[NotesProblem]]:
    """The notes of a ``.csv``, ``.json`` or ``.toml`` file, and the problems. A file that
    cannot be read or parsed is one problem (no notes)."""
    if path.suffix not in SUFFIXES:
        return {}, [NotesProblem(f"expected a {', '.join(SUFFIXES)} file")]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [NotesProblem(f"cannot read it: {getattr(exc, 'strerror', None) or exc}")]
    if path.suffix == ".csv":
        items, problems = _csv_items(text)
        notes, more = parse_notes(items)
        return notes, problems + more
    try:
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except json.JSONDecodeError as exc:
        return {}, [NotesProblem(f"not valid JSON: {exc.msg}", exc.lineno)]
    except tomllib.TOMLDecodeError as exc:
        return {}, [NotesProblem(f"not valid TOML: {exc}")]
    if not isinstance(data, dict):
        return {}, [NotesProblem("expected a table of APIs at the top")]
    return parse_notes((api, fields, _line_of(text, api)) for api, fields in data.items())
