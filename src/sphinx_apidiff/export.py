"""The project's comparisons as data: the ``apidiff.json`` document and its JSON Schema.

Every pair carries its full comparison (the shape of ``sphinx-apidiff diff --json``), the URL of
its page, the anchors of its notes, its examples' status, and per parameter row how it was
matched (``author``, ``name``, ``inferred`` or ``position``, with the evidence) and the anchor
of the note about it. A code-conversion tool reads it instead of a second hand-kept mapping.
Pure Python: no docutils, no Sphinx. The schema ships in the package
(``schemas/apidiff-export.schema.json``); :func:`load_schema` reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, TextIO

from . import __version__
from .concepts import Entry, group
from .coverage_notes import CoverageNote
from .records import NoteRef, PairRecord

__all__ = [
    "EXPORT_FORMAT",
    "SCHEMA_NAME",
    "ExportPair",
    "build_export",
    "dumps",
    "load_schema",
    "write_export",
]

#: Bump when the document changes in a way a consumer must know about.
EXPORT_FORMAT = 2
SCHEMA_NAME = "apidiff-export.schema.json"
#: How a row was matched, in the words of ``Row.match`` (None: a parameter of one side only).
MATCH_SOURCES = ("author", "name", "instance", "inferred", "position")


@dataclass(frozen=True)
class ExportPair:
    """One comparison of one page (:class:`~sphinx_apidiff.concepts.Entry`), with where a
    reader finds it and its full comparison."""

    entry: Entry
    #: The page's URL relative to the output folder (``sums.html``, ``sums/``), None if none.
    url: str | None = None
    #: The id of the pair's section on its page, when known.
    anchor: str | None = None
    #: ``Comparison.to_dict()``; None when a side could not be read (or not loaded yet:
    #: :func:`write_export` loads one at a time).
    comparison: Mapping[str, Any] | None = None

    @property
    def record(self) -> PairRecord:
        return self.entry.record


def _url(page: str | None, anchor: str | None) -> str | None:
    """``page#anchor``; a page URL with a fragment of its own (``singlehtml``:
    ``index.html#document-sums``) gives way to the anchor, an id of the same HTML file."""
    if page is None or anchor is None:
        return page
    return f"{page.split('#', 1)[0]}#{anchor}"


def _rows(pair: ExportPair) -> list[dict[str, Any]]:
    """Each parameter row: how it was matched, on what evidence, and the note about it."""
    note_for: dict[str, NoteRef] = {}
    for note in pair.record.notes:
        for name in note.names:
            note_for.setdefault(name, note)
    out = []
    for row in (pair.comparison or {}).get("rows", []):
        names = [n for n in (row.get("left"), row.get("right")) if n]
        names += [*row.get("left_group", ()), *row.get("right_group", ())]
        note = next((note_for[n] for n in names if n in note_for), None)
        out.append(
            {
                "left": row.get("left"),
                "right": row.get("right"),
                "match": row.get("match"),
                "evidence": list(row.get("evidence") or ()),
                **({"project_pages": row["project_pages"]} if row.get("project_pages") else {}),
                **{
                    key: list(row[key])
                    for key in ("left_group", "right_group", "uncounted", "through_kwargs")
                    if key in row
                },
                "changes": list(row.get("changes") or ()),
                "note": None if note is None else note.anchor,
                "note_by_author": note is not None and note.by_author,
            }
        )
    return out


def _matching(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(MATCH_SOURCES, 0)
    for row in rows:
        if row["match"] in counts:
            counts[row["match"]] += 1
    return counts


def _pair(pair: ExportPair) -> dict[str, Any]:
    rows = _rows(pair)
    entry, record = pair.entry, pair.record
    one_side = _one_side(pair)
    return {
        "page": entry.docname,
        "url": _url(pair.url, pair.anchor),
        "line": record.line,
        "left": {"path": record.left, "label": record.left_label},
        "right": None if one_side else {"path": record.right, "label": record.right_label},
        "category": record.category,
        "changed": record.changed,
        "read": record.read if one_side else pair.comparison is not None,
        "versions": dict(sorted(record.versions.items())),
        "examples": dict(sorted(entry.examples.items())),
        "notes": [
            {
                "anchor": note.anchor,
                "url": _url(pair.url, note.anchor),
                "names": list(note.names),
                "by_author": note.by_author,
            }
            for note in record.notes
        ],
        "matching": _matching(rows),
        "rows": rows,
        "comparison": None if pair.comparison is None or one_side else dict(pair.comparison),
        "one_side": one_side,
    }


def _one_side(pair: ExportPair) -> dict[str, Any] | None:
    """A page with one side (``apidiff-one``): its status, replacements, target and the API
    as read (None when not read); None for a comparison of two APIs."""
    record = pair.record
    if record.status is None:
        return None
    target = record.target
    return {
        "status": record.status,
        "replacements": list(record.replacements),
        "target": None if target is None else {"package": target, "label": record.right_label},
        "api": (pair.comparison or {}).get("api"),
    }


def _parts(
    pairs: Iterable[ExportPair],
    project: str,
    overviews: Iterable[Mapping[str, Any]] = (),
    coverage_notes: Iterable[CoverageNote] = (),
) -> tuple[dict[str, Any], list[ExportPair]]:
    """The document but for its pairs (``"pairs"`` left empty), and the pairs in its order:
    sorted by page, then order on the page. The concepts (see
    :func:`sphinx_apidiff.concepts.group`) index into that order."""
    ordered = sorted(pairs, key=lambda p: (p.entry.docname, p.entry.position))
    index = {(p.entry.docname, p.entry.position): i for i, p in enumerate(ordered)}
    concepts = [
        {
            "apis": {label: list(paths) for label, paths in concept.apis},
            "pairs": [index[(e.docname, e.position)] for e in concept.entries],
        }
        for concept in group(p.entry for p in ordered)
    ]
    document = {
        "format": EXPORT_FORMAT,
        "generator": {"name": "sphinx-apidiff", "version": __version__},
        "project": project,
        "pairs": [],
        "concepts": concepts,
    }
    overviews = list(overviews)
    if overviews:  # release overviews (``apidiff-overview``), by page and line
        document["overviews"] = overviews
    notes = sorted(coverage_notes, key=lambda note: note.api)
    if notes:  # what the project says of APIs in its coverage (``apidiff_coverage_notes``)
        document["coverage_notes"] = [note.to_dict() for note in notes]
    return document, ordered


def build_export(
    pairs: Iterable[ExportPair],
    *,
    project: str = "",
    overviews: Iterable[Mapping[str, Any]] = (),
    coverage_notes: Iterable[CoverageNote] = (),
) -> dict[str, Any]:
    """The ``apidiff.json`` document: every pair (sorted by page, then order on the page) and
    the concepts they form (see :func:`sphinx_apidiff.concepts.group`) as indices into it;
    the release overviews and the coverage notes when there are any."""
    document, ordered = _parts(pairs, project, overviews, coverage_notes)
    document["pairs"] = [_pair(p) for p in ordered]
    return document


def write_export(
    out: TextIO,
    pairs: Iterable[ExportPair],
    *,
    project: str = "",
    load: Callable[[ExportPair], ExportPair] = lambda pair: pair,
    overviews: Iterable[Mapping[str, Any]] = (),
    coverage_notes: Iterable[CoverageNote] = (),
) -> None:
    """Write ``dumps(build_export(pairs))`` to ``out``, the same text, holding one pair's
    comparison at a time: ``load(pair)`` gives the pair with its comparison, just before it
    is written (a project of thousands of pages never has them all in memory)."""
    document, ordered = _parts(pairs, project, overviews, coverage_notes)
    document["pairs"] = (_pair(load(pair)) for pair in ordered)
    out.writelines(_chunks(document))


def dumps(document: Mapping[str, Any]) -> str:
    """The document as the build writes it: stable UTF-8 text, one line per pair and per
    concept (``grep`` and ``diff`` friendly; and fast: an indented dump of 2,000 pairs runs
    json's pure-Python encoder for seconds)."""
    return "".join(_chunks(document))


def _chunks(document: Mapping[str, Any]) -> Iterator[str]:
    """The text of ``document``, piece by piece; a list (or an iterator, consumed as it is
    written) is an array of one line per item."""
    yield "{\n "
    for number, (key, value) in enumerate(document.items()):
        if number:
            yield ",\n "
        if not isinstance(value, (list, Iterator)):
            yield f"{json.dumps(key)}: {_line(value)}"
            continue
        yield f"{json.dumps(key)}: ["
        empty = True
        for item in value:
            yield ("\n  " if empty else ",\n  ") + _line(item)
            empty = False
        yield "]" if empty else "\n ]"
    yield "\n}\n"


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def load_schema() -> dict[str, Any]:
    """The JSON Schema of :func:`build_export`'s document (draft 2020-12)."""
    text = resources.files("sphinx_apidiff").joinpath("schemas", SCHEMA_NAME).read_text("utf-8")
    return json.loads(text)
