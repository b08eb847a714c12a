"""Signature snapshots: the signatures a docs project uses, recorded where the libraries are
installed, so that its pages build where they are not.

A snapshot is one JSON file (``docs/apidiff-signatures.json``) with a format version and one
entry per dotted path, sorted by path, one parameter a line, so that a refresh is a diff a
reviewer can read. :func:`dumps` is deterministic (the same entries give the same bytes);
:func:`write_snapshot` replaces the file atomically (a temporary file in the same folder, then
:func:`os.replace`), so a killed build never leaves half a file. :func:`read_snapshot` refuses
a newer format and names the file and line of anything it cannot read.

:func:`sphinx_apidiff.drift.describe_drift` says in words how a live signature differs from
its recorded one.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import json
import keyword
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .api import Api, release
from .files import atomic_write_text
from .signature import Parameter, Signature, SignatureSyntaxError

__all__ = [
    "FORMAT",
    "Entry",
    "Snapshot",
    "SnapshotError",
    "dumps",
    "entry_from_api",
    "holds",
    "loads",
    "read_snapshot",
    "write_snapshot",
]

#: The format this version writes and reads; a file with a larger number is refused.
FORMAT = 1
#: Sources worth recording: what was read from a library (never an author's explicit text,
#: never a snapshot's own entry).
RECORDED_SOURCES = frozenset({"runtime", "docstring", "stub", "schema", "binding", "static"})


class SnapshotError(Exception):
    """A snapshot file that cannot be used; ``str()`` is one line naming the file and line
    (line 1 when no line is to blame, so that a warning's location is ``file:1``)."""

    def __init__(self, message: str, filename: str | None = None, line: int | None = None):
        self.filename = filename
        self.line = (line or 1) if filename else line
        where = f"{filename}:{self.line}: " if filename else ""
        super().__init__(where + message)
        self.message = message


@dataclass(frozen=True)
class Entry:
    """One recorded callable."""

    path: str
    package: str
    version: str | None
    #: Where the recorded signature came from (``runtime``, ``static`` ...).
    source: str
    kind: str
    overloads: tuple[Signature, ...]

    @property
    def release(self) -> str:
        """``torch 2.13.0`` (the package alone if no version was recorded)."""
        return release(self.package, self.version)

    def to_api(self, label: str) -> Api:
        """The entry as a side of a comparison; its source is ``snapshot``."""
        return Api(
            self.path,
            label,
            self.kind,
            "snapshot",
            self.overloads,
            self.version,
            (f"recorded from {self.release} ({self.source})",),
        )


def entry_from_api(api: Api) -> Entry:
    """What a snapshot records of ``api`` (read from a library, see :data:`RECORDED_SOURCES`)."""
    if api.source not in RECORDED_SOURCES:
        raise ValueError(f"{api.path}: a {api.source!r} signature is not recorded")
    overloads = tuple(Signature(s.parameters, s.return_annotation) for s in api.overloads)
    return Entry(api.path, api.package, api.version, api.source, api.kind, overloads)


@dataclass(frozen=True)
class Snapshot:
    """Entries by dotted path."""

    entries: Mapping[str, Entry] = field(default_factory=dict)

    def get(self, path: str) -> Entry | None:
        return self.entries.get(path)

    def updated(
        self, recorded: Iterable[Entry], used: Iterable[str], *, prune: bool = False
    ) -> tuple[Snapshot, list[str]]:
        """This snapshot with ``recorded`` entries replacing or adding theirs.

        Returns the new snapshot and the paths of entries no page uses (``used``), sorted;
        with ``prune`` those are left out of it. An entry that is used but was not recorded
        again (its library is not installed here) is kept as it was: a snapshot records, it
        never invents and never forgets what it cannot check.
        """
        entries = dict(self.entries)
        entries.update({e.path: e for e in recorded})
        used = set(used)
        unused = sorted(p for p in entries if p not in used)
        if prune:
            for path in unused:
                del entries[path]
        return Snapshot(entries), unused


# ------------------------------------------------------------------------------- writing


def _param_json(param: Parameter) -> str:
    return json.dumps(param.to_dict(compact=True), ensure_ascii=False)


def _entry_lines(entry: Entry) -> list[str]:
    q = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    lines = [
        f"    {q(entry.path)}: {{",
        f'      "package": {q(entry.package)},',
        f'      "version": {q(entry.version)},',
        f'      "source": {q(entry.source)},',
        f'      "kind": {q(entry.kind)},',
        '      "overloads": [',
    ]
    for i, sig in enumerate(entry.overloads):
        lines.append("        {")
        lines.append(f'          "signature": {q(sig.text())},')
        if sig.parameters:
            lines.append('          "parameters": [')
            params = [f"            {_param_json(p)}" for p in sig.parameters]
            lines.append(",\n".join(params))
            lines.append("          ],")
        else:
            lines.append('          "parameters": [],')
        lines.append(f'          "returns": {q(sig.return_annotation)}')
        lines.append("        }" + ("," if i + 1 < len(entry.overloads) else ""))
    lines.append("      ]")
    lines.append("    }")
    return lines


def dumps(snapshot: Snapshot) -> str:
    """The file's text: the same entries always give the same text, sorted by path."""
    out = ["{", f'  "format": {FORMAT},', '  "signatures": {']
    paths = sorted(snapshot.entries)
    for i, path in enumerate(paths):
        lines = _entry_lines(snapshot.entries[path])
        if i + 1 < len(paths):
            lines[-1] += ","
        out.extend(lines)
    out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def holds(path: str | os.PathLike[str], snapshot: Snapshot) -> bool:
    """Whether the file at ``path`` is exactly what :func:`write_snapshot` would write."""
    try:
        return Path(path).read_text(encoding="utf-8") == dumps(snapshot)
    except (OSError, UnicodeDecodeError):
        return False


def write_snapshot(path: str | os.PathLike[str], snapshot: Snapshot) -> bool:
    """Write ``snapshot`` to ``path`` atomically; False (and no write) if it is unchanged."""
    if holds(path, snapshot):
        return False
    atomic_write_text(path, dumps(snapshot))
    return True


# ------------------------------------------------------------------------------- reading


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None


def _parameter(raw: object) -> Parameter:
    name = raw.get("name") if isinstance(raw, dict) else None
    if isinstance(name, str) and (not name.isidentifier() or keyword.iskeyword(name)):
        raise ValueError(f"parameter name {name!r} is not a Python identifier")
    return Parameter.from_dict(raw)


def _entry(path: str, raw: object) -> Entry:
    if not isinstance(raw, dict):
        raise ValueError("an entry must be an object")
    overloads_raw = raw.get("overloads")
    if not isinstance(overloads_raw, list) or not overloads_raw:
        raise ValueError("'overloads' must be a non-empty list")
    overloads = []
    for item in overloads_raw:
        if not isinstance(item, dict) or not isinstance(item.get("parameters", []), list):
            raise ValueError("an overload must be an object with a 'parameters' list")
        returns = item.get("returns")
        if returns is not None and not isinstance(returns, str):
            raise ValueError("'returns' must be text or null")
        params = tuple(_parameter(p) for p in item.get("parameters", []))
        try:
            overloads.append(Signature(params, returns))
        except SignatureSyntaxError as exc:
            raise ValueError(str(exc)) from None
    fields = {}
    for name in ("package", "version", "source", "kind"):
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name!r} must be text")
        fields[name] = value
    return Entry(
        path,
        fields["package"] or path.split(".", 1)[0],
        fields["version"],
        fields["source"] or "runtime",
        fields["kind"] or "callable",
        tuple(overloads),
    )


class _Twice(Exception):
    """A key written twice in one object (JSON keeps the last, silently)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            raise _Twice(key)
        seen.add(key)
    return dict(pairs)


def _twice_line(text: str, key: str) -> int | None:
    """The line of the second ``"key":``, when the file has it exactly twice (an entry's path,
    unlike ``"package"``, is written once a file: that line is the one to blame)."""
    needle = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:")
    found = list(needle.finditer(text))
    if len(found) != 2:
        return None
    return text.count("\n", 0, found[1].start()) + 1


def loads(text: str, filename: str | None = None) -> Snapshot:
    """Parse a snapshot's text; :class:`SnapshotError` names the line of what is wrong."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"not valid JSON: {exc.msg}", filename, exc.lineno) from None
    except _Twice as exc:
        raise SnapshotError(
            f"{exc.key!r} is written twice in one object (which one holds?)",
            filename,
            _twice_line(text, exc.key),
        ) from None
    except RecursionError:
        raise SnapshotError("not a snapshot: nested too deeply to be read", filename) from None
    if not isinstance(data, dict):
        raise SnapshotError("not a snapshot: the top level must be an object", filename, 1)
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        line = _line_of(text, '"format"') or 1
        raise SnapshotError("not a snapshot: no integer 'format'", filename, line)
    if version < 1:
        raise SnapshotError(
            f"format {version} is not a snapshot format (they start at 1)",
            filename,
            _line_of(text, '"format"'),
        )
    if version > FORMAT:
        raise SnapshotError(
            f"written in snapshot format {version} by a newer sphinx-apidiff; this one reads "
            f"format {FORMAT}: upgrade sphinx-apidiff",
            filename,
            _line_of(text, '"format"'),
        )
    raw_entries = data.get("signatures", {})
    if not isinstance(raw_entries, dict):
        line = _line_of(text, '"signatures"')
        raise SnapshotError("'signatures' must be an object", filename, line)
    entries = {}
    for path, raw in raw_entries.items():
        try:
            entries[path] = _entry(path, raw)
        except ValueError as exc:
            line = _line_of(text, json.dumps(path, ensure_ascii=False) + ":")
            raise SnapshotError(f"entry {path!r}: {exc}", filename, line) from None
    return Snapshot(entries)


def read_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """The snapshot at ``path``; an empty one if there is no file."""
    target = Path(path)
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return Snapshot()
    except OSError as exc:
        raise SnapshotError(f"cannot be read: {exc.strerror or exc}", str(target)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SnapshotError(
            f"not UTF-8: byte {raw[exc.start]:#04x} cannot be decoded", str(target), line
        ) from None
    return loads(text, str(target))
